// The wire contracts of the HTTP API (/v1): each request and answer declared once, as a TypeBox
// schema from which the API's route validation and serialization, and the TypeScript types of its
// clients (the host agent, the CLI, the console), are derived. An inner leaf: it imports TypeBox
// and src/model only, so every layer, and the console's own build, may import it.
export * from './catalog.js';
export * from './clock.js';
export * from './data-caches.js';
export * from './error-body.js';
export * from './event-json.js';
export * from './groups.js';
export * from './histogram.js';
export * from './image-caches.js';
export * from './ingest.js';
export * from './json.js';
export * from './kube-endpoint.js';
export * from './resource-page.js';
export * from './session.js';
export * from './virtual-nodes.js';
export * from './world-control.js';
