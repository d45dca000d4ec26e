// Everything a journey needs, in one import:
//   import { journey, browserTest, signUp, waitForMail, expectText } from '../lib/index.mjs';
export * from './env.mjs';
export * from './browser.mjs';
export * from './mailbox.mjs';
export * from './server.mjs';
export * from './expect.mjs';
export * from './a11y.mjs';
export * from './journey.mjs';
export * from './identity.mjs';
