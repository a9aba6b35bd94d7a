/**
 * Checks the task database's schema once at start-up (Notion API 2025-09-03: a database has
 * data sources; properties live on the data source) and names every missing or mistyped
 * property in one message. Source of truth: https://developers.notion.com/reference/retrieve-a-data-source
 */
import type { Client } from '@notionhq/client';
import type { NotionConfig, NotionPropertyKey } from '../config';

/** The property types Paimy accepts for each of its keys (status may be a select). */
const EXPECTED_TYPES: Record<NotionPropertyKey, readonly string[]> = {
  title: ['title'],
  status: ['status', 'select'],
  owner: ['people'],
  due: ['date'],
  priority: ['select'],
  details: ['rich_text'],
  source: ['select'],
  sourceUrl: ['url'],
};

/** Keys without which Paimy cannot list or update tasks at all. */
const ESSENTIAL: readonly NotionPropertyKey[] = ['title', 'status', 'owner', 'due'];

export class NotionSchemaError extends Error {
  override name = 'NotionSchemaError';
}

/** What start-up learned about the task database. */
export interface TaskDatabaseSchema {
  dataSourceId: string;
  /** Whether `상태` is Notion's status type or a plain select. */
  statusType: 'status' | 'select';
  /** Option names the status property offers. */
  statusOptions: string[];
  /** Optional properties the database lacks; Paimy leaves them out of reads and writes. */
  missingOptional: NotionPropertyKey[];
  /** Configured status names (NOTION_STATUS_NAMES) the status property does not offer. */
  unknownStatusNames: string[];
}

/**
 * Reads the database and its first data source and validates the configured properties.
 * @throws NotionSchemaError listing every missing or mistyped essential property
 * @throws APIResponseError from @notionhq/client when the database cannot be read
 */
export async function loadTaskDatabaseSchema(
  client: Client,
  config: NotionConfig,
): Promise<TaskDatabaseSchema> {
  const database = await client.databases.retrieve({ database_id: config.databaseId });
  const dataSourceId = 'data_sources' in database ? database.data_sources[0]?.id : undefined;
  if (!dataSourceId) {
    throw new NotionSchemaError(`Notion database ${config.databaseId} has no data source Paimy can read`);
  }
  const dataSource = await client.dataSources.retrieve({ data_source_id: dataSourceId });
  const properties = 'properties' in dataSource ? dataSource.properties : {};

  const problems: string[] = [];
  const missingOptional: NotionPropertyKey[] = [];
  for (const key of Object.keys(EXPECTED_TYPES) as NotionPropertyKey[]) {
    const name = config.properties[key];
    const expected = EXPECTED_TYPES[key];
    const found = properties[name];
    if (found && expected.includes(found.type)) continue;
    if (!found && !ESSENTIAL.includes(key)) {
      missingOptional.push(key);
      continue;
    }
    problems.push(
      found
        ? `"${name}" should be a ${expected.join(' or ')} property but is ${found.type}`
        : `"${name}" (${expected.join(' or ')}) is missing`,
    );
  }
  if (problems.length > 0) {
    throw new NotionSchemaError(
      `Notion task database ${config.databaseId} does not match Paimy's properties: ${problems.join('; ')}. ` +
        'Rename the properties in Notion or set NOTION_PROPERTY_NAMES.',
    );
  }

  const status = properties[config.properties.status]!;
  const options =
    status.type === 'status' ? status.status.options : status.type === 'select' ? status.select.options : [];
  const statusOptions = options.map((o) => o.name);
  return {
    dataSourceId,
    statusType: status.type as 'status' | 'select',
    statusOptions,
    missingOptional,
    unknownStatusNames: Object.values(config.statusNames).filter((n) => !statusOptions.includes(n)),
  };
}
