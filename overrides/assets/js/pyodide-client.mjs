// The one door from the page to the calculators' Python.
//
//   import { calculate, onProgress } from "./pyodide-client.mjs";
//   const answer = await calculate("timescales", new URLSearchParams(location.search));
//   // answer: {ok: true, result} or {ok: false, error: {field, message}} (bad input,
//   // to show beside that field); the promise rejects, with a message a person can read,
//   // only when the calculator cannot run at all.
//
// One module Worker per tab, behind one promise every widget shares: started by a calculator
// page's head (overrides/partials/python-early-start.html) and adopted here, or else started
// when a page first asks for a result. Never on pages without a calculator. With Material's
// instant navigation this module lives as long as the tab, so later calculator pages reuse it.
// If the worker fails to load, every pending and future call rejects with the reason.

const listeners = new Set();
const pending = new Map();
let worker = null;
let ready = null; // settles once: the worker is ready, or failed for good
let failure = null; // the Error every call gets once the worker has failed
let loading = null; // the latest progress update while loading, for late subscribers
let nextId = 1;

/**
 * Calls callback(update) as Python loads: update is {step, message, received, total}
 * (calc-worker.mjs; load-progress.mjs draws it). A callback added while loading is under
 * way hears the latest at once. Returns an unsubscribe function.
 */
export function onProgress(callback) {
  listeners.add(callback);
  if (loading) callback(loading);
  return () => listeners.delete(callback);
}

/**
 * Runs a calculator ("timescales", "quorum" or "prebirth") on params: URLSearchParams,
 * FormData or a plain object whose values are strings or arrays of strings.
 * Resolves to calculators.web.run_json's answer: {ok: true, result} or {ok: false, error}.
 */
export function calculate(calculator, params = {}) {
  if (globalThis.location?.protocol === "file:") {
    return Promise.reject(
      new Error("The calculators need the site to be served over http(s): they cannot run from a file opened on this computer."),
    );
  }
  start();
  if (failure) return Promise.reject(failure);
  // Sent at once, not once Python is ready: the worker holds it until then and answers as
  // soon as it can, without waiting for this page's thread (busy drawing the page while
  // Python loads) to hear "ready" and ask.
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, calculator, params: toParams(params) });
  });
}

/** Starts (or adopts) the worker, once; `ready` settles when Python has loaded or failed. */
function start() {
  if (ready) return ready;
  let loaded = false;
  ready = new Promise((resolve, reject) => {
    const fail = (why) => {
      if (failure) return;
      failure = new Error(`${loaded ? "The calculator stopped working" : "The calculator could not load"}: ${why}`);
      loading = null;
      reject(failure);
      for (const { reject: rejectCall } of pending.values()) rejectCall(failure);
      pending.clear();
      worker?.terminate();
    };
    // Fires when the worker's script itself cannot load or run (a 404, a browser without
    // module workers); Chromium gives no message then.
    const onError = (event) => {
      event.preventDefault();
      fail(event.message || "its script did not start (check that the site is complete and your browser is up to date).");
    };
    const onMessageError = () => fail("a message from it could not be read.");
    const onMessage = ({ data }) => {
      if (data.type === "progress") {
        const { step, message, received, total } = data;
        loading = { step, message, received, total };
        for (const callback of listeners) callback(loading);
      } else if (data.type === "ready") {
        loaded = true;
        loading = null;
        resolve();
      } else if (data.type === "fatal") {
        fail(data.message);
      } else if (pending.has(data.id)) {
        const call = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) call.resolve(data.value);
        else call.reject(new Error(`The calculator stopped unexpectedly: ${data.message}`));
      }
    };
    const handlers = { error: onError, messageerror: onMessageError, message: onMessage };
    // A calculator page's head may have started the worker already
    // (overrides/partials/python-early-start.html): adopt it, and what it has said so far.
    const early = typeof globalThis.__calcWorker === "function" ? globalThis.__calcWorker() : null;
    delete globalThis.__calcWorker;
    try {
      worker = early?.worker ?? new Worker(new URL("./calc-worker.mjs", import.meta.url), { type: "module" });
    } catch (error) {
      fail(error.message);
      return;
    }
    for (const [type, handler] of Object.entries(handlers)) worker.addEventListener(type, handler);
    for (const event of early?.events ?? []) handlers[event.type](event);
  });
  ready.catch(() => {}); // a failure reaches every call through `pending` and `failure`
  return ready;
}

// {name: [string, ...]}, the shape calculators.web.run_json takes (like repeated URL parameters).
function toParams(params) {
  const out = {};
  const add = (name, value) => {
    if (typeof value === "string") (out[name] ??= []).push(value);
    else if (typeof value === "number") (out[name] ??= []).push(String(value));
  };
  const entries =
    params instanceof URLSearchParams || (typeof FormData !== "undefined" && params instanceof FormData)
      ? params.entries()
      : Object.entries(params ?? {});
  for (const [name, value] of entries) {
    for (const item of Array.isArray(value) ? value : [value]) add(name, item);
  }
  return out;
}
