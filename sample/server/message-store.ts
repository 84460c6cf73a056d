import { Injectable } from 'socketstream/decorators';
import type { ChatMessage } from '../shared/messages';

/** In-memory message history, one list per room. Swap it for a database in a real app. */
@Injectable()
export class MessageStore {
  private readonly rooms = new Map<string, ChatMessage[]>();
  private next = 1;

  async add(room: string, user: string, text: string): Promise<ChatMessage> {
    const message: ChatMessage = { id: String(this.next++), room, user, text, at: Date.now() };
    const list = this.rooms.get(room) ?? [];
    list.push(message);
    this.rooms.set(room, list.slice(-100));
    return message;
  }

  async recent(room: string): Promise<ChatMessage[]> {
    return [...(this.rooms.get(room) ?? [])];
  }
}
