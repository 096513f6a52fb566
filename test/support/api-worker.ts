import { createApi } from '../../functions/app';

// The edge functions without Astro in front: what the API tests call through SELF.
export default { fetch: createApi().fetch } satisfies ExportedHandler<Env>;
