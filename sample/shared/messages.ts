import { IsString, Length, Matches } from 'class-validator';

/** A chat message as the client sends it; validated on the server from the parameter type. */
export class SendMessage {
  @IsString() @Matches(/^[a-z0-9-]{1,32}$/) room!: string;
  @IsString() @Length(1, 500) text!: string;
}

/** A stored message. */
export interface ChatMessage {
  id: string;
  room: string;
  user: string;
  text: string;
  at: number;
}
