// Adds diagram interchange (shapes and edges) to BPMN files written by hand, in place.
// bpmn-auto-layout puts every boundary event of a task at the same spot; later ones are moved right.
import { readFileSync, writeFileSync } from 'node:fs';
import { layoutProcess } from 'bpmn-auto-layout';

function separateBoundaryEvents(xml) {
  const shape = /<bpmndi:BPMNShape id="[^"]+" bpmnElement="([^"]+)">\s*<dc:Bounds x="([\d.]+)" y="([\d.]+)" width="36" height="36" \/>/g;
  // only boundary events: start and end events of subprocesses share coordinates with their parent's on purpose
  const boundary = new Set([...xml.matchAll(/<bpmn:boundaryEvent id="([^"]+)"/g)].map(m => m[1]));
  const events = [...xml.matchAll(shape)].map(m => ({ element: m[1], x: Number(m[2]), y: Number(m[3]) }))
    .filter(e => boundary.has(e.element));
  const moved = new Map(); // element id -> dx
  const rows = new Map();
  for (const e of events) rows.set(e.y, [...(rows.get(e.y) || []), e]);
  for (const row of rows.values()) {
    row.sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++) {
      const gap = row[i].x + (moved.get(row[i].element) || 0) - (row[i - 1].x + (moved.get(row[i - 1].element) || 0));
      if (gap < 44) moved.set(row[i].element, (moved.get(row[i].element) || 0) + 44 - gap);
    }
  }
  for (const [element, dx] of moved) {
    xml = xml.replace(new RegExp(`(bpmnElement="${element}">\\s*<dc:Bounds x=")([\\d.]+)`),
      (m, head, x) => head + (Number(x) + dx));
    // the outgoing flow's first waypoint follows its event
    const flow = xml.match(new RegExp(`<bpmn:boundaryEvent id="${element}"[\\s\\S]*?<bpmn:outgoing>([^<]+)</bpmn:outgoing>`));
    if (!flow) continue;
    xml = xml.replace(new RegExp(`(bpmnElement="${flow[1]}">\\s*<di:waypoint x=")([\\d.]+)`),
      (m, head, x) => head + (Number(x) + dx));
  }
  return xml;
}

for (const file of process.argv.slice(2)) {
  const laidOut = await layoutProcess(readFileSync(file, 'utf8'));
  writeFileSync(file, separateBoundaryEvents(laidOut));
  console.log('laid out', file);
}
