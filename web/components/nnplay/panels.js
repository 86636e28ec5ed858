// panels.js — every panel an nnplay can show, by the name a preset or an embedding lists it
// under: its component and the snapshot sections it draws (worker/session.js SECTIONS), which
// is all the worker computes. `tasks`: the kinds of data the panel means something for; it is
// left out for any other, and until the data are known. `models`: the settings' `model`s the
// panel belongs to (the conv filters and feature maps: a CNN's; layer 1's 28×28 weights: an MLP's).

import { DataPanel } from '../data-panel/index.jsx';
import { NetworkPanel } from '../network-panel/index.jsx';
import { OutputPanel } from '../output-panel/index.jsx';
import { FitPanel } from '../fit-panel/index.jsx';
import { ChartsPanel } from '../charts-panel/index.jsx';
import { SettingsPanel } from '../settings-panel/index.jsx';
import { SharePanel } from '../share-panel/index.jsx';
import { ConfusionPanel } from '../confusion-panel/index.jsx';
import { MistakesPanel } from '../mistakes-panel/index.jsx';
import { WeightsPanel } from '../weights-panel/index.jsx';
import { PadPanel } from '../pad-panel/index.jsx';
import { CurvesPanel } from '../curves-panel/index.jsx';
import { RegressionPanel } from '../regression-panel/index.jsx';
import { ImbalancePanel } from '../imbalance-panel/index.jsx';
import { StatsPanel } from '../stats-panel/index.jsx';
import { CsvPanel } from '../csv-panel/index.jsx';
import { BackpropPanel } from '../backprop-panel/index.jsx';
import { RacePanel } from '../race-panel/index.jsx';
import { SurfacePanel } from '../surface-panel/index.jsx';
import { GradcheckPanel } from '../gradcheck-panel/index.jsx';
import { FiltersPanel } from '../filters-panel/index.jsx';
import { MapsPanel } from '../maps-panel/index.jsx';

const CLASSIFY = ['binary', 'multiclass'];

/** @type {Record<string, {Component: (p: {ctx: any}) => any, sections: string[], tasks?: string[], models?: string[]}>} */
export const PANELS = {
  data: { Component: DataPanel, sections: [] },
  network: { Component: NetworkPanel, sections: ['neurons', 'params'] },
  output: { Component: OutputPanel, sections: ['boundary'] },
  fit: { Component: FitPanel, sections: ['fit'], tasks: ['regression'] },
  charts: { Component: ChartsPanel, sections: [] },
  settings: { Component: SettingsPanel, sections: [] },
  share: { Component: SharePanel, sections: [] },
  confusion: { Component: ConfusionPanel, sections: ['confusion'], tasks: CLASSIFY },
  mistakes: { Component: MistakesPanel, sections: ['mistakes'], tasks: CLASSIFY },
  weights: { Component: WeightsPanel, sections: ['weights'], models: ['mlp'] },
  filters: { Component: FiltersPanel, sections: ['filters'], models: ['cnn'] },
  maps: { Component: MapsPanel, sections: [], models: ['cnn'] },
  pad: { Component: PadPanel, sections: [] },
  curves: { Component: CurvesPanel, sections: ['curve'], tasks: ['binary'] },
  regression: { Component: RegressionPanel, sections: ['regression'], tasks: ['regression'] },
  imbalance: { Component: ImbalancePanel, sections: [] },
  stats: { Component: StatsPanel, sections: [] },
  csv: { Component: CsvPanel, sections: [] },
  // the lessons' own, each over its models in the worker (worker/lessons.js, presets/lessons.js)
  backprop: { Component: BackpropPanel, sections: [] },
  race: { Component: RacePanel, sections: [] },
  surface: { Component: SurfacePanel, sections: [] },
  gradcheck: { Component: GradcheckPanel, sections: [] },
};
