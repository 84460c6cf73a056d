import { Service } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
// A value import, not `import type`: the parameter's class is what the server validates against.
import { type Greeting, SayHello } from '../../shared/greeting';

/** Callable as `hello.greet` from the page, a Node client or a test. */
@RpcService('hello')
export class HelloService extends Service {
  /** Answers the caller and tells everyone in the `greetings` channel. */
  @Rpc()
  async greet(msg: SayHello): Promise<Greeting> {
    const greeting: Greeting = { name: msg.name, text: `Hello, ${msg.name}!`, at: Date.now() };
    await this.publish.channel('greetings', 'greeting', greeting);
    return greeting;
  }
}
