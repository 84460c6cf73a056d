/**
 * The Nest-style pattern: unit-test a service with its repository replaced, resolving it from the
 * testing app's container (no socket), then the same over the wire.
 */
import { type RpcContext, Service } from 'socketstream';
import { Ctx, Injectable, Rpc, RpcService } from 'socketstream/decorators';
import { createTestingApp } from 'socketstream/testing';

interface User {
  id: string;
  name: string;
}

@Injectable()
class UserRepository {
  async findById(_id: string): Promise<User | undefined> {
    throw new Error('needs a database');
  }
}

@RpcService('profile')
class ProfileService extends Service {
  constructor(private readonly users: UserRepository) {
    super();
  }

  @Rpc() async mine(@Ctx() ctx: RpcContext): Promise<string> {
    const user = ctx.session.userId ? await this.users.findById(ctx.session.userId) : undefined;
    return user ? `Hello, ${user.name}` : 'Hello, guest';
  }
}

describe('ProfileService', () => {
  const fakeUsers = { findById: jest.fn(async (id: string) => (id === 'u1' ? { id, name: 'Ada' } : undefined)) };

  it('greets the logged-in user by name (resolved from the container)', async () => {
    await using app = await createTestingApp({ services: [ProfileService] }).override(UserRepository).useValue(fakeUsers).start();
    const service = app.container.resolve(ProfileService);
    const ctx = { session: { userId: 'u1' } } as unknown as RpcContext;
    await expect(service.mine(ctx)).resolves.toBe('Hello, Ada');
    expect(fakeUsers.findById).toHaveBeenCalledWith('u1');
  });

  it('greets the logged-in user by name (over the wire)', async () => {
    await using app = await createTestingApp({ services: [ProfileService] }).override(UserRepository).useValue(fakeUsers).start();
    const ada = await app.connect({ session: { userId: 'u1' } });
    const guest = await app.connect();
    await expect(ada.service<ProfileService>('profile').mine()).resolves.toBe('Hello, Ada');
    await expect(guest.rpc('profile.mine')).resolves.toBe('Hello, guest');
  });
});
