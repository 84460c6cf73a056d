import type { Formatter } from '../build/formatter';
import type { TemplateEngine } from '../build/template-engine';
import type { ResolvedClient } from '../http/client-definitions';
import type { BuildOptions } from './app-options';

/** What `ss build` builds of an app: its clients, with what they are compiled with. */
export interface ClientPlan {
  /** The app's folder. */
  readonly root: string;
  /** The clients with their files and routes. */
  readonly clients: readonly ResolvedClient[];
  /** Built-in formatters, then the app's own. */
  readonly formatters: readonly Formatter[];
  /** Built-in template engines, then the app's own. */
  readonly templateEngines: readonly TemplateEngine[];
  /** `createApp({ build })`. */
  readonly build: BuildOptions;
}
