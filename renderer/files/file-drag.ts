/*
 * What a drag between the two panes carries. The payload has its own MIME type, so a drag of
 * text, a link or a tab is ignored; a second, empty type names the side it came from, because
 * only the list of types (not the data) can be read while the drag is still over a pane.
 */
import { z } from 'zod';
import { FileSide } from '../../shared/model';

export const FILES_DRAG_TYPE = 'application/x-jumpgate-files';
const SIDE_TYPE_PREFIX = 'application/x-jumpgate-from-';

const DragPayload = z.object({ side: FileSide, paths: z.array(z.string().min(1)).min(1) });
export type DragPayload = z.infer<typeof DragPayload>;

export interface DragData {
  setData(format: string, data: string): void;
}

export function writeDrag(data: DragData, payload: DragPayload): void {
  data.setData(FILES_DRAG_TYPE, JSON.stringify(payload));
  data.setData(`${SIDE_TYPE_PREFIX}${payload.side}`, '');
}

/** The payload of a drop, or undefined when the drop is not ours or does not parse. */
export function readDrag(text: string): DragPayload | undefined {
  try {
    const parsed = DragPayload.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What is being dragged over a pane, from its types alone. */
export type DragKind = { kind: 'panes'; fromSide: string | undefined } | { kind: 'desktop' } | undefined;

export function dragKindOf(types: readonly string[]): DragKind {
  if (types.includes(FILES_DRAG_TYPE)) {
    const sideType = types.find((type) => type.startsWith(SIDE_TYPE_PREFIX));
    return { kind: 'panes', fromSide: sideType?.slice(SIDE_TYPE_PREFIX.length) };
  }
  return types.includes('Files') ? { kind: 'desktop' } : undefined;
}
