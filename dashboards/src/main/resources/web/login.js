'use strict';
// The login form: POST /api/login, then back to the page the user came from (the "next" hash).
(function () {
  const form = document.getElementById('login-form');
  const error = document.getElementById('login-error');
  const next = new URLSearchParams(location.search).get('next');

  function show(message) {
    error.textContent = message;
    error.hidden = false;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    let response;
    try {
      response = await fetch('api/login', {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({username: form.username.value.trim(), password: form.password.value}),
        credentials: 'same-origin'
      });
    } catch (e) {
      show('无法连接服务器，请检查网络后重试。');
      return;
    }
    if (response.ok) {
      location.href = 'index.html' + (next && next.startsWith('#/') ? next : '');
      return;
    }
    if (response.status === 401) {
      show('用户名或密码错误。');
    } else if (response.status === 429) {
      show('登录失败次数过多，请 ' + (response.headers.get('Retry-After') || '稍后') + ' 秒后再试。');
    } else {
      show('登录失败（' + response.status + '），请联系管理员。');
    }
  });
})();
