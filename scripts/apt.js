// Installs Debian packages with apt-get when we may (root, or passwordless sudo): shared by the
// installers of what the tests need from the system (Chromium, the second authorization server).
import { spawnSync } from 'node:child_process';

function run(command, args) {
  console.error(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

/**
 * Runs `apt-get update` then `apt-get install -y` for `packages` (without their recommended packages
 * when `recommends` is false). Returns false when apt-get is not there, we are neither root nor
 * allowed passwordless sudo, or apt-get fails.
 */
export function aptInstall(packages, { recommends = true } = {}) {
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!hasApt || !(isRoot || sudo)) return false;
  const [cmd, ...rest] = [...(isRoot ? [] : ['sudo', '-n']), 'apt-get'];
  const ok = run(cmd, [...rest, 'update', '-qq']) && run(cmd, [...rest, 'install', '-y', '-qq', ...(recommends ? [] : ['--no-install-recommends']), ...packages]);
  if (!ok) console.error(`apt-get could not install ${packages.join(' ')}.`);
  return ok;
}
