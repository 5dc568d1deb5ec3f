/** Entry point: creates the engine manager and mounts the app. */
import { EngineManager } from './engine/manager';
import { createBrowserPool } from './engine/worker-pool';
import { acquireGpu } from './gpu/device';
import './ui/app';
import { NoticeBoard } from './ui/notices';

const notices = new NoticeBoard();

const manager = new EngineManager({
  acquireGpu: (onLost) =>
    acquireGpu({
      onLost,
      onUncapturedError: (message) => notices.post(`GPU error: ${message}`),
    }),
  createCpuExecutor: () => createBrowserPool(),
});

const app = document.createElement('scaling-sweep-app');
app.manager = manager;
app.notices = notices;
document.body.append(app);
