/**
 * Compile-time checks of `override(token).useValue/useClass/useFactory`: a fake needs the public
 * members of the class it replaces, nothing private and no cast. `tsc --noEmit` fails if a
 * `@ts-expect-error` below stops being an error; Jest only runs the one trivial test.
 */
import { createTestingApp, type Public } from 'socketstream/testing';

interface Todo {
  id: string;
  text: string;
}

class Database {
  query(sql: string): string[] {
    return [sql];
  }
}

class TodoStore {
  private readonly todos = new Map<string, Todo>();
  protected nextId = 1;
  constructor(private readonly db: Database) {}

  async add(text: string): Promise<Todo> {
    const todo = { id: String(this.nextId++), text };
    this.todos.set(todo.id, todo);
    return todo;
  }

  list(): Todo[] {
    return [...this.todos.values(), ...this.db.query('select').map((text) => ({ id: '?', text }))];
  }
}

/** Only the public members, as a test's fake has them. */
const fake = {
  add: async (text: string): Promise<Todo> => ({ id: '1', text }),
  list: (): Todo[] => [],
};

/** A fake missing the public `list`. */
const partial = {
  add: async (text: string): Promise<Todo> => ({ id: '1', text }),
};

class FakeStore {
  private readonly seen: string[] = [];
  async add(text: string): Promise<Todo> {
    this.seen.push(text);
    return { id: String(this.seen.length), text };
  }
  list(): Todo[] {
    return [];
  }
}

class PartialStore {
  async add(text: string): Promise<Todo> {
    return { id: '1', text };
  }
}

function usage(): void {
  const builder = createTestingApp();
  // A fake with the public members is accepted as it is: value, class or factory.
  builder.override(TodoStore).useValue(fake);
  builder.override(TodoStore).useClass(FakeStore);
  builder.override(TodoStore).useFactory(() => fake);
  const typed: Public<TodoStore> = fake;
  void typed;

  // A fake missing a public member is refused, whichever way it is given.
  // @ts-expect-error -- `list` is missing
  builder.override(TodoStore).useValue(partial);
  // @ts-expect-error -- `list` is missing
  builder.override(TodoStore).useClass(PartialStore);
  // @ts-expect-error -- `list` is missing
  builder.override(TodoStore).useFactory(() => partial);
  // @ts-expect-error -- `add` returns the wrong type
  builder.override(TodoStore).useValue({ ...fake, add: (text: string) => text });
  // @ts-expect-error -- `add` takes any string, not only 'a' (methods are checked strictly)
  builder.override(TodoStore).useValue({ ...fake, add: async (text: 'a'): Promise<Todo> => ({ id: '1', text }) });

  // Tokens that are not classes keep their own type.
  builder.override<string>('greeting').useValue('hello');
  // @ts-expect-error -- a number is not a string
  builder.override<string>('greeting').useValue(42);
  builder.override<(n: number) => number>('double').useValue((n) => n * 2);
  // @ts-expect-error -- a function token needs a function, not an object
  builder.override<(n: number) => number>('double').useValue({});
}

test('the type checks above compile (tsc --noEmit checks them)', () => {
  expect(typeof usage).toBe('function');
});
