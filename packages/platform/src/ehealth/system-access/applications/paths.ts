/** Where the connection-application pages live (inside the administrator's and operator's workplaces). */
export const administratorConnectionsPath = (registrationNumber: string): string =>
  `/ehealth/administrator/${encodeURIComponent(registrationNumber)}/connections`;
export const ADMINISTRATOR_CONNECTIONS_ROUTE = "/ehealth/administrator/:reg/connections";

export const OPERATOR_CONNECTIONS_PATH = "/ehealth/operator/connections";
export const approvePath = (id: string): string =>
  `${OPERATOR_CONNECTIONS_PATH}/${encodeURIComponent(id)}/approve`;
export const refusePath = (id: string): string =>
  `${OPERATOR_CONNECTIONS_PATH}/${encodeURIComponent(id)}/refuse`;
export const VERSIONS_PATH = `${OPERATOR_CONNECTIONS_PATH}/versions`;
