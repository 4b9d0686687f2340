// Passkeys for staff: adding one on the account screen, signing in with one on the sign-in page.
// Speaks Spring Security's WebAuthn endpoints (the same JSON as its own webauthn.js), from our own
// origin, with the CSRF token of the page's form. Without JavaScript or WebAuthn the buttons stay
// hidden and a sentence says why.
(function () {
  'use strict';

  function decode(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = '';
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function post(url, csrf, body) {
    var headers = { 'X-CSRF-TOKEN': csrf };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  // the server's own sentence when it sent one, else the fallback
  function refusal(response, fallback) {
    return response.json().then(
      function (json) { return (json && json.message) || fallback; },
      function () { return fallback; });
  }

  function say(element, text, problem) {
    if (!element) return;
    element.textContent = text;
    element.hidden = !text;
    element.className = problem ? 'error' : 'flash';
  }

  var supported = !!(window.PublicKeyCredential && navigator.credentials);

  // ---- the account screen: add a passkey ----
  var addForm = document.getElementById('passkey-add');
  if (addForm) {
    var addStatus = document.getElementById('passkey-status');
    if (!supported) {
      say(addStatus, 'This browser cannot make passkeys.', true);
    } else {
      addForm.hidden = false;
      addForm.addEventListener('submit', function (event) {
        event.preventDefault();
        var csrf = addForm.querySelector('input[name="_csrf"]').value;
        var label = addForm.querySelector('input[name="label"]').value.trim();
        if (!label) {
          say(addStatus, 'Give the passkey a name first, such as "Work laptop".', true);
          return;
        }
        var button = addForm.querySelector('button');
        button.disabled = true;
        say(addStatus, 'Follow your browser or device to make the passkey…', false);
        post('/webauthn/register/options', csrf)
          .then(function (r) {
            if (!r.ok) throw new Error('The newsroom could not start adding a passkey (HTTP ' + r.status + '). Reload the page and try again.');
            return r.json();
          })
          .then(function (options) {
            options.user.id = decode(options.user.id);
            options.challenge = decode(options.challenge);
            options.excludeCredentials = (options.excludeCredentials || []).map(function (c) {
              return { type: c.type, id: decode(c.id), transports: c.transports };
            });
            return navigator.credentials.create({ publicKey: options }).catch(function (e) {
              throw new Error('No passkey was made (' + e.name + '): cancelled, timed out, or this device already holds one for your account.');
            });
          })
          .then(function (credential) {
            var response = credential.response;
            return post('/webauthn/register', csrf, {
              publicKey: {
                credential: {
                  id: credential.id,
                  rawId: encode(credential.rawId),
                  response: {
                    attestationObject: encode(response.attestationObject),
                    clientDataJSON: encode(response.clientDataJSON),
                    transports: response.getTransports ? response.getTransports() : []
                  },
                  type: credential.type,
                  clientExtensionResults: credential.getClientExtensionResults(),
                  authenticatorAttachment: credential.authenticatorAttachment
                },
                label: label
              }
            });
          })
          .then(function (r) {
            if (r.ok) {
              window.location.assign('/newsroom/account/passkeys/added');
              return;
            }
            return refusal(r, 'The passkey was not added (HTTP ' + r.status + ').').then(function (m) {
              throw new Error(m);
            });
          })
          .catch(function (e) {
            say(addStatus, e.message, true);
            button.disabled = false;
          });
      });
    }
  }

  // ---- the sign-in page (and the code page): sign in with a passkey ----
  var signIn = document.getElementById('passkey-sign-in');
  if (signIn) {
    var signInStatus = document.getElementById('passkey-sign-in-status');
    if (supported) {
      signIn.hidden = false;
      signIn.addEventListener('click', function () {
        var csrf = signIn.getAttribute('data-csrf');
        signIn.disabled = true;
        say(signInStatus, '', false);
        post('/webauthn/authenticate/options', csrf)
          .then(function (r) {
            if (!r.ok) throw new Error('The newsroom could not start a passkey sign-in (HTTP ' + r.status + '). Reload the page and try again.');
            return r.json();
          })
          .then(function (options) {
            options.challenge = decode(options.challenge);
            options.allowCredentials = (options.allowCredentials || []).map(function (c) {
              return { type: c.type, id: decode(c.id), transports: c.transports };
            });
            return navigator.credentials.get({ publicKey: options }).catch(function (e) {
              throw new Error('No passkey was used (' + e.name + '): cancelled, timed out, or none for this newsroom on this device.');
            });
          })
          .then(function (credential) {
            var response = credential.response;
            return post('/login/webauthn', csrf, {
              id: credential.id,
              rawId: encode(credential.rawId),
              response: {
                authenticatorData: encode(response.authenticatorData),
                clientDataJSON: encode(response.clientDataJSON),
                signature: encode(response.signature),
                userHandle: response.userHandle ? encode(response.userHandle) : undefined
              },
              credType: credential.type,
              clientExtensionResults: credential.getClientExtensionResults(),
              authenticatorAttachment: credential.authenticatorAttachment
            });
          })
          .then(function (r) {
            if (!r.ok) {
              return refusal(r, 'That passkey did not sign you in (HTTP ' + r.status + ').').then(function (m) {
                throw new Error(m);
              });
            }
            return r.json().then(function (result) {
              window.location.assign(result.redirectUrl || '/newsroom');
            });
          })
          .catch(function (e) {
            say(signInStatus, e.message, true);
            signIn.disabled = false;
          });
      });
    }
  }
})();
