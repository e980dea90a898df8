// O&M tasks of instances (CreateInstanceOpsTask, DescribeInstanceOpsRecords).
export { OpsTasks, OPS_VALIDITY, MIN_SETTING_INTERVAL, CORE_EXIT_CODES, type OpsRecordsDoc, type OpsRequest } from './ops-tasks.js';
export { OPS_TYPES, statusAt, type OpsRecord, type OpsStatus, type OpsType, type TcpdumpSpec } from './ops-record.js';
