/**
 * The async codemod of issue 11: adds the `await`s (and the `async`s) that async repositories need.
 *
 *   npx tsx scripts/async-codemod.ts            # rewrites the tree in place, loops to a fixpoint
 *   npx tsx scripts/async-codemod.ts --dry-run  # only lists what it would change
 *
 * Re-runnable: on a tree where new code was written against the old synchronous repositories, it
 * awaits the new calls and turns their functions async, which makes their callers' calls promises,
 * which the next pass awaits, until nothing changes. Then run `npx tsc --noEmit -p .` and fix what
 * it flags by hand (the list of "check by hand" places printed at the end is where to look first):
 * `.map(async …)` giving `Promise<T>[]`, `.forEach(async …)`, getters and constructors (cannot be
 * async), a callback whose parameter type says it returns a value, an interface a method implements,
 * `ReturnType<typeof f>` of a function that became async (→ `Awaited<…>`), and in tests
 * `expect(() => f()).toThrow()` of an async f (→ `await expect(f()).rejects.toThrow()`: it compiles,
 * and fails only when run), and `db.transaction(…)` (Drizzle's own; use `inTransaction`).
 *
 * Rules, for every call whose type is `Promise<…>`:
 * - left alone when already awaited, `void`ed, chained (`.then/.catch/.finally`, or a longer chain that
 *   is itself a promise), returned from an async function, the body of an arrow without a declared
 *   non-promise type, inside `Promise.all/allSettled/race/any`, given to a parameter typed as a promise,
 *   under `expect(…).resolves/rejects`, or stored in a variable that is later awaited or chained
 *   (stored deliberately);
 * - otherwise `await` is put before it (in parentheses where it is followed by `.x`, `[x]`, `!` or a
 *   call), and its enclosing function becomes `async` (a declared return type `T` becomes
 *   `Promise<T>`). A function or arrow given where a function returning a promise is expected
 *   (`inTransaction(db, () => …)`) becomes `async` too.
 * The project's own floating promises are marked (`void x()`) and the ESLint guard
 * (tests/architecture/promises-awaited.test.ts) keeps it so: an unmarked promise is a missing await.
 */
import { dirname, relative, resolve } from "node:path";
import { Node, Project, SyntaxKind, type CallExpression, type SourceFile, type Type } from "ts-morph";

const root = resolve(import.meta.dirname, "..");
const dryRun = process.argv.includes("--dry-run");
const folders = ["src", "bots", "db", "tests", "bench", "scripts"];
const skipped = new Set(["scripts/async-codemod.ts"]);

interface Insertion {
  pos: number;
  text: string;
  /** Among insertions at the same position: lower goes first in the text. */
  order: number;
  /** Characters removed at pos (after inserting). */
  remove?: number;
}

type FunctionLike = Node & { isAsync?: () => boolean };

const project = new Project({ tsConfigFilePath: resolve(root, "tsconfig.json"), skipAddingFilesFromTsConfig: false });
const files = project.getSourceFiles().filter((f) => {
  const rel = relativePath(f);
  return folders.some((d) => rel.startsWith(`${d}/`)) && !skipped.has(rel) && !rel.includes("node_modules");
});
// scripts/ is outside tsconfig's include: add it so its calls are seen too.
for (const f of project.addSourceFilesAtPaths(resolve(root, "scripts/**/*.ts"))) {
  if (!skipped.has(relativePath(f)) && !files.includes(f)) files.push(f);
}

const manual = new Set<string>();

for (let pass = 1; pass <= 40; pass++) {
  const edits = new Map<SourceFile, Insertion[]>();
  const asyncDone = new Set<Node>();
  let count = 0;
  const add = (node: Node, ins: Insertion) => {
    const f = node.getSourceFile();
    const list = edits.get(f) ?? [];
    // The same text twice at one place is one change (an import, an `async`), except nested `Promise.all(` openers.
    if (ins.order === 3 || !list.some((i) => i.pos === ins.pos && i.text === ins.text)) list.push(ins);
    edits.set(f, list);
  };
  const makeAsync = (fn: Node, why: Node) => {
    if (asyncDone.has(fn)) return;
    asyncDone.add(fn);
    if (Node.isConstructorDeclaration(fn) || Node.isGetAccessorDeclaration(fn) || Node.isSetAccessorDeclaration(fn)) {
      manual.add(`${where(why)}: a constructor or accessor cannot be async`);
      return;
    }
    if ((Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn)) && fn.isGenerator()) {
      manual.add(`${where(why)}: a generator would become an async generator`);
      return;
    }
    if (Node.isFunctionDeclaration(fn) && fn.getOverloads().length > 0) manual.add(`${where(fn)}: overloads need Promise return types by hand`);
    let pos: number;
    if (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) pos = fn.getFirstChildByKindOrThrow(SyntaxKind.FunctionKeyword).getStart();
    else if (Node.isMethodDeclaration(fn)) pos = fn.getNameNode().getStart();
    else if (Node.isArrowFunction(fn)) pos = fn.getStart();
    else return;
    add(fn, { pos, text: "async ", order: 0 });
    if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
      const expected = fn.getContextualType()?.getCallSignatures()[0]?.getReturnType();
      if (expected && expected.isVoid()) manual.add(`${where(fn)}: an async callback where nothing waits for it (forEach? a handler?): use for…of or await it`);
      const host = fn.getParent();
      if (host && Node.isCallExpression(host) && Node.isPropertyAccessExpression(host.getExpression())) {
        const method = (host.getExpression() as import("ts-morph").PropertyAccessExpression).getName();
        if (method === "map" && !insidePromiseCombinator(host) && !Node.isAwaitExpression(host.getParent())) {
          // `xs.map(async …)` gives promises: `(await Promise.all(xs.map(async …)))`, started in order.
          add(host, { pos: host.getStart(), text: "(await Promise.all(", order: 3 });
          add(host, { pos: host.getEnd(), text: "))", order: -3 });
          const outer = enclosingFunction(host);
          if (outer && outer !== "property" && !(outer as FunctionLike).isAsync?.()) makeAsync(outer, host);
        } else if (["flatMap", "filter", "some", "every", "find", "findIndex", "reduce", "sort", "forEach"].includes(method)) {
          manual.add(`${where(fn)}: an async callback of .${method} (it gets promises, not values): rewrite as for…of`);
        }
      }
    }
    const rt = (fn as unknown as { getReturnTypeNode(): Node | undefined }).getReturnTypeNode();
    if (rt && !/^Promise\s*</.test(rt.getText())) {
      if (Node.isTypePredicate(rt)) manual.add(`${where(rt)}: a type predicate cannot be async`);
      else {
        add(fn, { pos: rt.getStart(), text: "Promise<", order: 1 });
        add(fn, { pos: rt.getEnd(), text: ">", order: -1 });
      }
    }
  };

  for (const file of files) {
    file.forEachDescendant((node) => {
      if (Node.isCallExpression(node)) {
        if (!isPromise(node.getType())) return;
        const verdict = decide(node);
        if (verdict === "leave") return;
        const fn = enclosingFunction(node);
        if (fn && (Node.isConstructorDeclaration(fn) || Node.isGetAccessorDeclaration(fn) || Node.isSetAccessorDeclaration(fn))) {
          manual.add(`${where(node)}: a promise in a constructor or accessor`);
          return;
        }
        if (fn === "property") {
          manual.add(`${where(node)}: a promise in a class property initialiser`);
          return;
        }
        count++;
        if (verdict === "changes") {
          const access = node.getParentOrThrow();
          add(node, { pos: node.getStart(), text: "changedRows(await ", order: 2 });
          add(node, { pos: node.getEnd(), text: ")", order: -2, remove: access.getEnd() - node.getEnd() });
          importChangedRows(node.getSourceFile(), add);
        } else {
          add(node, { pos: node.getStart(), text: verdict === "paren" ? "(await " : "await ", order: 2 });
          if (verdict === "paren") add(node, { pos: node.getEnd(), text: ")", order: -2 });
        }
        if (fn && !(fn as FunctionLike).isAsync?.()) makeAsync(fn, node);
      } else if ((Node.isArrowFunction(node) || Node.isFunctionExpression(node)) && node.isAsync()) {
        // An async callback of `.map` whose promises nobody collects: `(await Promise.all(xs.map(async …)))`.
        const host = node.getParent();
        if (!host || !Node.isCallExpression(host) || !host.getArguments().includes(node)) return;
        const callee = host.getExpression();
        if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "map") return;
        if (insidePromiseCombinator(host)) return;
        const up = host.getParentOrThrow();
        if (Node.isAwaitExpression(up) || Node.isArrowFunction(up)) return;
        if (Node.isVariableDeclaration(up) && storedDeliberately(up)) return;
        count++;
        add(host, { pos: host.getStart(), text: "(await Promise.all(", order: 3 });
        add(host, { pos: host.getEnd(), text: "))", order: -3 });
        const outer = enclosingFunction(host);
        if (outer && outer !== "property" && !(outer as FunctionLike).isAsync?.()) makeAsync(outer, host);
      } else if ((Node.isArrowFunction(node) || Node.isFunctionExpression(node)) && !node.isAsync()) {
        // Given where a function returning a promise is expected, returning something else.
        const expected = node.getContextualType()?.getCallSignatures()[0]?.getReturnType();
        if (!expected || !isPromise(expected)) return;
        if (isPromise(node.getReturnType(), true) || node.getReturnType().isAny()) return;
        count++;
        makeAsync(node, node);
      }
    });
  }

  if (count === 0) {
    console.log(`pass ${pass}: nothing left to change`);
    break;
  }
  let insertions = 0;
  for (const [file, list] of edits) {
    insertions += list.length;
    if (dryRun) {
      for (const i of list.sort((a, b) => a.pos - b.pos)) console.log(`  ${relativePath(file)}:${file.getLineAndColumnAtPos(i.pos).line}: insert ${JSON.stringify(i.text)}`);
      continue;
    }
    let text = file.getFullText();
    // From the end, so earlier positions stay valid; at one position, the higher order goes in first (ends up last).
    for (const i of list.sort((a, b) => b.pos - a.pos || b.order - a.order)) text = text.slice(0, i.pos) + i.text + text.slice(i.pos + (i.remove ?? 0));
    file.replaceWithText(text);
  }
  console.log(`pass ${pass}: ${count} changes (${insertions} insertions) in ${edits.size} files`);
  if (dryRun) break;
}

if (!dryRun) await project.save();
if (manual.size) {
  console.log("\nCheck by hand (then run npx tsc --noEmit -p .):");
  for (const m of [...manual].sort()) console.log(`  ${m}`);
}

function decide(call: CallExpression): "leave" | "await" | "paren" | "changes" {
  // Promise handling written on purpose: `p.then(…)`, `p.catch(…)`, `Promise.resolve()`, `Promise.all(…)`.
  const callee = call.getExpression();
  if (Node.isPropertyAccessExpression(callee) && ["then", "catch", "finally"].includes(callee.getName())) return "leave";
  if (/^Promise\.\w+$/.test(callee.getText())) return "leave";
  // Through `a ? p : q`, `p ?? q`, `(p)`, `p as T` to where the value goes.
  let node: Node = call;
  for (;;) {
    const p = node.getParentOrThrow();
    if (Node.isConditionalExpression(p) && p.getCondition() !== node) node = p;
    else if (Node.isBinaryExpression(p) && [SyntaxKind.QuestionQuestionToken, SyntaxKind.BarBarToken, SyntaxKind.AmpersandAmpersandToken].includes(p.getOperatorToken().getKind())) node = p;
    else if (Node.isAsExpression(p) || Node.isSatisfiesExpression(p)) node = p;
    else if (Node.isParenthesizedExpression(p)) node = p;
    else break;
  }
  const parent = node.getParentOrThrow();
  const wrapped = node !== call;
  if (Node.isAwaitExpression(parent) || Node.isVoidExpression(parent)) return "leave";
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) {
    if (["then", "catch", "finally"].includes(parent.getName())) return "leave";
    // `x.run().changes` (better-sqlite3's RunResult) becomes `changedRows(await x.run())`.
    if (!wrapped && parent.getName() === "changes" && Node.isPropertyAccessExpression(callee) && callee.getName() === "run") return "changes";
    const outer = parent.getParent();
    if (!wrapped && Node.isCallExpression(outer) && outer.getExpression() === parent && isPromise(outer.getType())) return "leave";
    return "paren";
  }
  if (Node.isElementAccessExpression(parent) && parent.getExpression() === node) return "paren";
  if (Node.isNonNullExpression(parent)) return "paren";
  if (Node.isCallExpression(parent) && parent.getExpression() === node) return "paren";
  if (Node.isReturnStatement(parent)) return returnedDeliberately(call) ? "leave" : "await";
  if (Node.isArrowFunction(parent)) {
    if (parent.isAsync()) return "leave";
    const rt = parent.getReturnTypeNode();
    if (!rt) {
      const expected = parent.getContextualType()?.getCallSignatures()[0]?.getReturnType();
      if (!expected || !(isPromise(expected, true) || expected.isAny() || expected.isUnknown() || expected.isTypeParameter())) manual.add(`${where(call)}: a callback returns a promise where its caller may not expect one`);
      return "leave";
    }
    return /^Promise\s*</.test(rt.getText()) ? "leave" : "await";
  }
  if (insidePromiseCombinator(node)) return "leave";
  if (Node.isCallExpression(parent) && parent.getArguments().includes(node)) {
    if (parameterTakesPromise(parent, node)) return "leave";
    const c = parent.getExpression();
    if (Node.isIdentifier(c) && c.getText() === "expect") {
      const after = parent.getParent();
      if (Node.isPropertyAccessExpression(after) && ["resolves", "rejects"].includes(after.getName())) return "leave";
    }
    return "await";
  }
  if (Node.isVariableDeclaration(parent)) {
    const annotated = parent.getTypeNode();
    if (annotated && /Promise|PromiseLike/.test(annotated.getText())) return "leave";
    if (storedDeliberately(parent)) return "leave";
    return "await";
  }
  if (Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent)) {
    // Left a promise only where the property is declared one (not where its type is inferred from this very value).
    return propertyDeclaredPromise(parent) ? "leave" : "await";
  }
  if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === node) {
    if (isPromise(parent.getLeft().getType(), true)) return "leave";
  }
  return "await";
}

/** `return p` is fine in an async function, or in one declared to return a promise. */
function returnedDeliberately(call: CallExpression): boolean {
  // Inside try (with catch or finally), `return p` would let p's rejection escape the catch: await it.
  for (let n: Node | undefined = call.getParent(); n && !isFunctionNode(n); n = n.getParent()) {
    const up = n.getParent();
    if (up && Node.isTryStatement(up) && up.getTryBlock() === n) return false;
  }
  const fn = enclosingFunction(call);
  if (!fn || fn === "property") return true;
  if ((fn as FunctionLike).isAsync?.()) return true;
  const rt = (fn as unknown as { getReturnTypeNode?(): Node | undefined }).getReturnTypeNode?.();
  if (rt) return /^(Promise|PromiseLike)\s*</.test(rt.getText());
  // No declared type: a callback given where a promise is expected (inTransaction's, a handler's) returns it on purpose.
  if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
    const expected = fn.getContextualType()?.getCallSignatures()[0]?.getReturnType();
    if (expected && (isPromise(expected, true) || expected.isAny() || expected.isUnknown())) return true;
  }
  return false;
}

function insidePromiseCombinator(call: Node): boolean {
  let n: Node | undefined = call.getParent();
  while (n && (Node.isArrayLiteralExpression(n) || Node.isSpreadElement(n) || Node.isParenthesizedExpression(n))) n = n.getParent();
  if (!n || !Node.isCallExpression(n)) return false;
  return /^Promise\.(all|allSettled|race|any|resolve)$/.test(n.getExpression().getText());
}

function parameterTakesPromise(outer: CallExpression, arg: Node): boolean {
  const index = outer.getArguments().indexOf(arg);
  const signature = outer.getExpression().getType().getCallSignatures()[0];
  const decl = signature?.getDeclaration();
  if (!decl || !("getParameters" in decl)) return false;
  const params = (decl as unknown as { getParameters(): { getTypeNode(): Node | undefined }[] }).getParameters();
  const param = params[Math.min(index, params.length - 1)];
  const typeText = param?.getTypeNode()?.getText() ?? "";
  return /Promise|PromiseLike|Thenable/.test(typeText);
}

/** `const p = start(); … await p` (or `p.then`, `Promise.all([p])`, `return p`): kept as a promise on purpose. */
function storedDeliberately(decl: Node): boolean {
  if (!Node.isVariableDeclaration(decl)) return false;
  const name = decl.getNameNode();
  if (!Node.isIdentifier(name)) return false;
  for (const ref of name.findReferencesAsNodes()) {
    const p = ref.getParent();
    if (!p) continue;
    if (Node.isAwaitExpression(p) || Node.isVoidExpression(p)) return true;
    if (Node.isPropertyAccessExpression(p) && ["then", "catch", "finally"].includes(p.getName())) return true;
    if (Node.isCallExpression(p) && /^Promise\./.test(p.getExpression().getText())) return true;
    if (Node.isArrayLiteralExpression(p) && insidePromiseCombinator(ref)) return true;
    // expect(p).rejects / .resolves
    if (Node.isCallExpression(p) && p.getExpression().getText() === "expect") {
      const after = p.getParent();
      if (Node.isPropertyAccessExpression(after) && ["resolves", "rejects"].includes(after.getName())) return true;
    }
  }
  return false;
}

function propertyDeclaredPromise(prop: Node): boolean {
  if (Node.isPropertyDeclaration(prop)) return /Promise|PromiseLike/.test(prop.getTypeNode()?.getText() ?? "");
  if (!Node.isPropertyAssignment(prop)) return false;
  const literal = prop.getParent();
  if (!Node.isObjectLiteralExpression(literal)) return false;
  const declared = literal.getContextualType()?.getNonNullableType().getProperty(prop.getName());
  for (const d of declared?.getDeclarations() ?? []) {
    if (d.getSourceFile() === prop.getSourceFile() && d.getStart() === prop.getStart()) continue;
    const typeNode = (d as unknown as { getTypeNode?(): Node | undefined }).getTypeNode?.();
    if (typeNode && /Promise|PromiseLike/.test(typeNode.getText())) return true;
  }
  return false;
}

function isFunctionNode(n: Node): boolean {
  return Node.isFunctionDeclaration(n) || Node.isFunctionExpression(n) || Node.isArrowFunction(n) || Node.isMethodDeclaration(n) || Node.isConstructorDeclaration(n) || Node.isGetAccessorDeclaration(n) || Node.isSetAccessorDeclaration(n);
}

function enclosingFunction(node: Node): Node | "property" | undefined {
  for (let n = node.getParent(); n; n = n.getParent()) {
    if (
      Node.isFunctionDeclaration(n) ||
      Node.isFunctionExpression(n) ||
      Node.isArrowFunction(n) ||
      Node.isMethodDeclaration(n) ||
      Node.isConstructorDeclaration(n) ||
      Node.isGetAccessorDeclaration(n) ||
      Node.isSetAccessorDeclaration(n)
    ) return n;
    if (Node.isPropertyDeclaration(n)) return "property";
  }
  return undefined;
}

/** Promise<…> (or, with `loose`, a union containing one, or PromiseLike). Drizzle's query builders (thenables) are not. */
function isPromise(type: Type, loose = false): boolean {
  const name = type.getSymbol()?.getName() ?? type.getAliasSymbol()?.getName();
  if (name === "Promise" || (loose && name === "PromiseLike")) return true;
  if (loose && type.isUnion()) return type.getUnionTypes().some((t) => isPromise(t, false));
  return false;
}

/** Adds `import { changedRows } from ".../db/app-db.ts"` once to a file that has none. */
function importChangedRows(file: SourceFile, add: (node: Node, ins: Insertion) => void): void {
  if (/\bchangedRows\b/.test(file.getFullText())) return;
  let target = relative(dirname(file.getFilePath()), resolve(root, "db/app-db.ts"));
  if (!target.startsWith(".")) target = `./${target}`;
  add(file, { pos: 0, text: `import { changedRows } from "${target}";\n`, order: 10 });
}

function relativePath(f: SourceFile): string {
  return f.getFilePath().slice(root.length + 1);
}

function where(n: Node): string {
  return `${relativePath(n.getSourceFile())}:${n.getStartLineNumber()}`;
}
