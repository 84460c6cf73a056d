import { IsString, Length } from 'class-validator';

/**
 * What the page sends to `hello.greet`. Shared by server and client: the server validates every
 * call against these decorators (an empty or too long name is refused, field by field).
 */
export class SayHello {
  @IsString() @Length(1, 40) name!: string;
}

/** A greeting, as `hello.greet` answers and as the `greetings` channel carries it. */
export interface Greeting {
  name: string;
  text: string;
  /** When it was made, in ms since the epoch. */
  at: number;
}
