export { diagnose, type DiagnosisInput } from './engine.js';
export { groupByRootCause } from './account.js';
export { DiagnosisRules, DiagnosisRuleError, loadDiagnosisRules, parseDiagnosisRules, SHIPPED_RULES, type DiagnosisRule } from './rules.js';
export type { DiagnosisEvent, GroupView, WorldFacts, ContainerView } from './facts.js';
export * from './shape.js';
export { DiagnosisRuleFileSchema } from './rule-schema.js';
