// Adds diagram interchange (shapes and edges) to a BPMN file written by hand, in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { layoutProcess } from 'bpmn-auto-layout';

for (const file of process.argv.slice(2)) {
  const laidOut = await layoutProcess(readFileSync(file, 'utf8'));
  writeFileSync(file, laidOut);
  console.log('laid out', file);
}
