// The official SDK's first call, as the README shows it and serve's banner prints it: one text,
// which test/readme-snippets.test.ts finds word for word in the README and runs as pasted against
// a started service. The SDK is CommonJS (its client class is `exports.default`), so an ES module
// reaches it through the default import; `import Client from` gives the module object there.
// Both read the variables of key-environment.ts.

/** describe-events.mjs: an ES module (a .mjs file, or a package with "type": "module"). */
export const SDK_SNIPPET_ESM = `// node describe-events.mjs: the events of your container groups, with the official SDK.
import Eci from '@alicloud/eci20180808'; // CommonJS: its client class is Eci.default
import { Config } from '@alicloud/openapi-client';

const endpoint = new URL(process.env.ECI_EVENTS_ENDPOINT ?? 'http://127.0.0.1:8080');
const client = new Eci.default(new Config({
  accessKeyId: process.env.ECI_EVENTS_ACCESS_KEY_ID,
  accessKeySecret: process.env.ECI_EVENTS_ACCESS_KEY_SECRET,
  regionId: 'cn-hangzhou',
  endpoint: endpoint.host, // host:port, without the scheme
  protocol: endpoint.protocol.replace(':', ''),
}));

const { body } = await client.describeContainerGroupEvents(new Eci.DescribeContainerGroupEventsRequest({ regionId: 'cn-hangzhou' }));
for (const group of body.data) {
  for (const e of group.events) console.log(group.containerGroupId, e.type, e.reason, \`x\${e.count}\`, e.message);
}
`;

/** describe-events.cjs: CommonJS (a .cjs file, or a .js file in a package without "type"). */
export const SDK_SNIPPET_CJS = `// node describe-events.cjs: the events of your container groups, with the official SDK.
const { default: Client, DescribeContainerGroupEventsRequest } = require('@alicloud/eci20180808');
const { Config } = require('@alicloud/openapi-client');

const endpoint = new URL(process.env.ECI_EVENTS_ENDPOINT ?? 'http://127.0.0.1:8080');
const client = new Client(new Config({
  accessKeyId: process.env.ECI_EVENTS_ACCESS_KEY_ID,
  accessKeySecret: process.env.ECI_EVENTS_ACCESS_KEY_SECRET,
  regionId: 'cn-hangzhou',
  endpoint: endpoint.host, // host:port, without the scheme
  protocol: endpoint.protocol.replace(':', ''),
}));

client.describeContainerGroupEvents(new DescribeContainerGroupEventsRequest({ regionId: 'cn-hangzhou' })).then(({ body }) => {
  for (const group of body.data) {
    for (const e of group.events) console.log(group.containerGroupId, e.type, e.reason, \`x\${e.count}\`, e.message);
  }
});
`;
