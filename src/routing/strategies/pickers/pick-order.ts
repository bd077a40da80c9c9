interface PickNode {
  readonly id: string;
  prev: PickNode | undefined;
  next: PickNode | undefined;
}

/** Ids in order of their last pick (a doubly linked list with an index): O(1) to move one to the end. */
export class PickOrder {
  private readonly nodes = new Map<string, PickNode>();
  private head: PickNode | undefined;
  private tail: PickNode | undefined;

  moveToEnd(id: string): void {
    let node = this.nodes.get(id);
    if (node === undefined) {
      node = { id, prev: undefined, next: undefined };
      this.nodes.set(id, node);
    } else {
      if (node === this.tail) return;
      if (node.prev === undefined) this.head = node.next;
      else node.prev.next = node.next;
      node.next!.prev = node.prev;
      node.next = undefined;
    }
    node.prev = this.tail;
    if (this.tail === undefined) this.head = node;
    else this.tail.next = node;
    this.tail = node;
  }

  /** The first id, in order, that `lookup` maps to something, and that thing. */
  first<T>(lookup: (id: string) => T | undefined): T | undefined {
    for (let n = this.head; n !== undefined; n = n.next) {
      const found = lookup(n.id);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
