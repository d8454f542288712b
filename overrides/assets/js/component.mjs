// What every widget class here shares, after govuk-frontend's component base
// (packages/govuk-frontend/src/govuk/component.mjs): one class per data-module, built on
// its root element, which must be an element and mounted once.
//
// main.mjs finds the roots and marks each data-<module>-init before it calls the module's
// mount(root); the check here also refuses a second instance made some other way (a
// direct call), since two would both answer every click.

const mounted = new WeakMap(); // root -> its component

export class Component {
  /** The root's data-module value; each subclass names its own. */
  static moduleName = "";

  /** The component already mounted on root, or undefined. */
  static on(root) {
    return mounted.get(root);
  }

  constructor(root) {
    const name = this.constructor.moduleName;
    if (!name) throw new Error("a component class needs a moduleName");
    if (!(root instanceof HTMLElement)) throw new Error(`${name}: the root is not an element`);
    if (mounted.has(root)) throw new Error(`${name}: this element is already mounted`);
    mounted.set(root, this);
    this.root = root;
  }
}
