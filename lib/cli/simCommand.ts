import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Graph } from '../ir/Graph.js';
import { GraphError } from '../ir/GraphError.js';
import type { Device } from '../hwsim/deviceCatalog.js';
import { estimate } from '../hwsim/estimate.js';
import { findDevice } from '../hwsim/findDevice.js';
import { formatReport } from '../hwsim/formatReport.js';
import type { KernelImpl } from '../hwsim/kernelFeatures.js';
import type { Planner } from '../hwsim/planMemory.js';
import { PLANNERS } from '../hwsim/planMemory.js';
import { readDeviceFile } from '../hwsim/readDeviceFile.js';
import { latencyFigure } from '../hwsim/latencyFigure.js';
import { memoryTimelineFigure } from '../hwsim/memoryTimelineFigure.js';
import { figurePageHtml } from '../viz/plot.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import { convertSavedModel } from './convertCommand.js';
import { loadTflite } from './modelCommands.js';

export interface SimCommandOptions {
  device: string;
  kernels?: string;
  planner: string;
  json: boolean;
  /** A JSON file of extra devices (see lib/hwsim/readDeviceFile.ts). */
  devices?: string;
  /** For a saved tfjs model: the dataset that calibrates its conversion. */
  data: string;
  /** Also write an offline HTML page with the report and its plots here. */
  html?: string;
}

/**
 * `tinyml sim MODEL --device NAME [--kernels reference|simd] [--planner P] [--json] [--html FILE]`:
 * the simulator's report for a .tflite file or a saved / shipped course model
 * (converted to int8 first). Returns the text (or JSON) to print.
 */
export async function simCommand(model: string, o: SimCommandOptions): Promise<string> {
  if (o.kernels !== undefined && !['reference', 'simd', 'cmsis-nn'].includes(o.kernels)) throw new GraphError('input', `--kernels must be reference, simd or cmsis-nn, not ${o.kernels}`);
  if (!(PLANNERS as readonly string[]).includes(o.planner)) throw new GraphError('input', `--planner must be one of ${PLANNERS.join(', ')}, not ${o.planner}`);
  if (o.html !== undefined && !existsSync(dirname(resolve(o.html)))) throw new GraphError('input', `--html ${o.html}: folder ${dirname(resolve(o.html))} does not exist`);
  const extra: Device[] = o.devices === undefined ? [] : readDeviceFile(o.devices);
  const device = findDevice(o.device, extra);
  const graph: Graph = model.endsWith('.tflite')
    ? loadTflite(model)
    : (await convertSavedModel(model, { data: o.data, samples: 200, method: 'minmax', percentile: 99.99, perTensor: false, floatIo: false })).int8;
  const report = estimate(graph, device, { kernels: o.kernels as KernelImpl | undefined, planner: o.planner as Planner });
  const text = formatReport(report);
  if (o.html !== undefined) {
    const figures = [latencyFigure(report), memoryTimelineFigure(report)];
    writeFileAtomic(o.html, figurePageHtml(`${report.model} on ${report.device.board}`, text, figures));
  }
  return o.json ? JSON.stringify({ ...report, device: report.device.id }, null, 1) : text;
}
