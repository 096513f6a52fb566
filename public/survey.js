// Progressive enhancement of the survey form: follow-up right after the score, fetch with a
// retry that keeps the answer. The form works the same without this file.
(function () {
  var form = document.querySelector('form[data-api]');
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector('.status');
  var button = form.querySelector('button[type=submit]');
  var key = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
  function category(score) { return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'; }
  function showFollowUp() {
    var picked = form.querySelector('input[name=score]:checked');
    form.querySelectorAll('[data-category]').forEach(function (box) {
      var on = !!picked && box.getAttribute('data-category') === category(+picked.value);
      box.hidden = !on;
      box.querySelector('textarea').disabled = !on;
    });
  }
  // The API's messages are English, for programs: the page shows its own text for each issue code
  // and marks the fields concerned.
  var errors = JSON.parse(form.getAttribute('data-errors'));
  function explain(issues) {
    var texts = [], first;
    issues.forEach(function (issue) {
      var field = form.elements.namedItem(issue.path);
      var inputs = (!field ? [] : field.tagName ? [field] : [].slice.call(field)).filter(function (input) { return !input.disabled; });
      inputs.forEach(function (input) { input.setAttribute('aria-invalid', 'true'); });
      first = first || inputs[0];
      var text = errors[issue.code] || (inputs.length ? errors['answer.invalid'] : errors.invalid);
      if (texts.indexOf(text) < 0) texts.push(text);
    });
    if (first) first.focus();
    return texts.join(' ');
  }
  form.addEventListener('change', function (e) { if (e.target.name === 'score') showFollowUp(); });
  showFollowUp();
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = { answers: {}, segments: {} };
    new FormData(form).forEach(function (value, name) {
      var dot = name.indexOf('.');
      if (value === '') return;
      if (dot > 0 && body[name.slice(0, dot)]) body[name.slice(0, dot)][name.slice(dot + 1)] = value;
      else body[name] = value;
    });
    var params = new URLSearchParams(location.search);
    form.getAttribute('data-segments').split(' ').forEach(function (d) { if (d && params.get(d)) body.segments[d] = params.get(d); });
    button.disabled = true;
    status.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach(function (input) { input.removeAttribute('aria-invalid'); });
    status.setAttribute('aria-busy', 'true');
    fetch(form.getAttribute('data-api'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (reply) {
        if (res.status === 201) {
          location.assign(form.getAttribute('data-thanks') + '?r=' + encodeURIComponent(reply.id) + '&done=1');
          return;
        }
        status.textContent = res.status === 400 && reply.issues ? explain(reply.issues)
          : res.status === 410 ? form.getAttribute('data-closed')
          : res.status === 429 ? form.getAttribute('data-too-many')
          : res.status >= 500 ? form.getAttribute('data-busy') : errors.invalid;
        button.disabled = false;
      });
    }).catch(function () {
      status.textContent = form.getAttribute('data-retry');
      button.disabled = false;
    }).finally(function () { status.removeAttribute('aria-busy'); });
  });
})();
