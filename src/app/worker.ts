/** Entry point of a pool thread (piscina calls the default export with each task). */
import { runPoolTask, type PoolTask } from './worker-task.js';

export default function run(task: PoolTask) {
  return runPoolTask(task);
}
