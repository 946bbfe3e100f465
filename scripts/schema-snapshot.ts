/**
 * npm run schema:snapshot — writes db/schema.sql: the schema of an empty database after every
 * migration. test/db/schema.test.ts fails while the file and the migrations disagree.
 */
import { writeFileSync } from 'node:fs';
import { openTestDb } from '../db/open.ts';
import { schemaText } from '../db/schema.ts';
import { SCHEMA_SNAPSHOT } from '../db/migrate.ts';

const db = openTestDb();
writeFileSync(SCHEMA_SNAPSHOT, schemaText(db));
db.close();
console.log(`wrote ${SCHEMA_SNAPSHOT}`);
