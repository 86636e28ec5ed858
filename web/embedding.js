// The lesson on embedding.html: the page follows its widget's events and changes its settings.
const widget = /** @type {any} */ (document.getElementById('lesson'));
const say = /** @type {HTMLElement} */ (document.getElementById('lesson-say'));

widget.addEventListener('play', () => { say.textContent = 'Training…'; });
widget.addEventListener('epoch', (/** @type {CustomEvent} */ e) => {
  const { epoch, testLoss } = e.detail;
  if (testLoss < 0.1) say.textContent = `Epoch ${epoch}: test loss ${testLoss.toFixed(3)}. Learned! Now try a rate of 3.`;
});
widget.addEventListener('stopped', (/** @type {CustomEvent} */ e) => { say.textContent = e.detail.message; });
document.getElementById('lesson-fast')?.addEventListener('click', () => {
  widget.state = { lr: 3 };
  widget.play();
});
