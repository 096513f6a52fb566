import { env } from 'cloudflare:workers';
import { applyD1Migrations } from 'cloudflare:test';

// The real migrations, applied to the test D1 before every test file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
