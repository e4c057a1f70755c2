// `npm run bench`: runs each benchmark module of the list and prints its figures.
import { analysisBenchmark } from './analysis';
import type { Benchmark } from './benchmark';
import { drainBenchmark } from './drain';
import { explorerBenchmark } from './explorer';
import { lintBenchmark } from './lint';
import { planBenchmark } from './plan';
import { scaleBenchmark } from './scale';
import { schedulerBenchmark } from './scheduler';

const benchmarks: Benchmark[] = [analysisBenchmark, scaleBenchmark, lintBenchmark, drainBenchmark, explorerBenchmark, schedulerBenchmark, planBenchmark];

async function main(): Promise<void> {
  for (const benchmark of benchmarks) {
    console.log(`\n## ${benchmark.name}`);
    await benchmark.run();
  }
}

void main();
