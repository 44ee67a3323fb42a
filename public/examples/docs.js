// The example docs page's own script: builds the embed URLs, sizes each frame to its content (from
// the frame's `resize` events: no scrollbar inside the frame) and shows the other events it posts.
//
// Query parameters of this page (for trying things out):
//   app=<URL>        where the playground is (default: the folder above this page)
//   deliver-token=1  ask the frames to hand the access token to this page
const own = new URLSearchParams(location.search);
const app = new URL(own.get('app') ?? '../', location.href);
const events = document.getElementById('events');

/** The playground URL for one frame: the embed options are plain query parameters (none is a secret). */
function embedUrl(frame) {
  const url = new URL(app.href);
  url.search = new URLSearchParams({
    embed: '1',
    preset: frame.dataset.preset,
    lock: frame.dataset.lock,
    tutorial: '1',
    // Events are posted to this origin only; any other page embedding the same URL gets nothing.
    'parent-origin': location.origin,
    ...(own.get('deliver-token') === '1' ? { 'deliver-token': '1' } : {}),
  }).toString();
  return url.href;
}

const frames = [...document.querySelectorAll('iframe[data-flow]')];
for (const frame of frames) frame.src = embedUrl(frame);

/** The tallest a frame is made: a height beyond this is a mistake, not content. */
const MAX_FRAME_HEIGHT = 20000;

window.addEventListener('message', (event) => {
  // Only messages from the playground's origin, from one of our frames, in its format.
  if (event.origin !== app.origin || event.data?.source !== 'oauth-playground') return;
  const frame = frames.find((f) => f.contentWindow === event.source);
  if (!frame) return;
  if (event.data.type === 'resize') {
    // The frame's content height, in CSS pixels: the frame becomes exactly that tall.
    const { height } = event.data;
    if (Number.isFinite(height) && height > 0 && height <= MAX_FRAME_HEIGHT) frame.style.height = `${Math.ceil(height)}px`;
    return;
  }
  events.textContent += `${JSON.stringify({ frame: frame.dataset.flow, ...event.data })}\n`;
});
