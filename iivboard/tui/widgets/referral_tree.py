"""Who led to whom around one contact, as a Textual Tree (for the contact screen).

The root is the first person in the chain of referrers; the path down to the contact is
that chain, and under the contact hang everyone they led to. Each node's `data` is the
contact id, so a host can open that contact on `Tree.NodeSelected`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from iivboard.domain.stages import STAGE_LABELS
from iivboard.domain.stats import ReferralNode
from iivboard.present.text import visible


def referral_label(node: ReferralNode, focus: bool = False) -> Text:
    """A person as one line: name, organization and where they are. Never markup."""
    label = Text(visible(node.name), style="bold reverse" if focus else "")
    if node.organization:
        label.append(f" · {visible(node.organization)}", style="dim")
    state = node.outcome.replace("_", " ") if node.outcome else STAGE_LABELS[node.stage]
    label.append(f" · {state}", style="dim italic" if node.outcome else "dim")
    return label


class ReferralTreeView(Tree[int]):
    """The referral tree of `contact_id`, fully expanded, the contact highlighted."""

    DEFAULT_CSS = """
    ReferralTreeView { height: auto; max-height: 16; }
    """

    def __init__(
        self,
        contact_id: int,
        load: Callable[[int], ReferralNode | None],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(Text(""), name=name, id=id, classes=classes)
        self.contact_id = contact_id
        self.load = load  # the facade's referral_tree: the widget never reads storage
        self.people = 0  # how many people the tree shows, the contact included

    def process_label(self, label: str | Text) -> Text:
        # Tree would read a str as markup; names are user text, so never.
        return Text(label) if isinstance(label, str) else label

    def on_mount(self) -> None:
        self.show(self.contact_id)

    def show(self, contact_id: int) -> None:
        """(Re)load the tree around `contact_id`; call it after a referral changed."""
        self.contact_id = contact_id
        tree = self.load(contact_id)
        self.clear()
        if tree is None:
            self.root.set_label(Text(f"no contact with id {contact_id}", style="dim"))
            self.people = 0
            return
        self.root.set_label(referral_label(tree, tree.id == contact_id))
        self.root.data = tree.id
        focus_node: TreeNode[int] = self.root
        self.people = 1
        # Iteratively, so a very long chain of referrals cannot exhaust the stack.
        pending: list[tuple[ReferralNode, TreeNode[int]]] = [(tree, self.root)]
        while pending:
            person, node = pending.pop()
            for child in person.children:
                focus = child.id == contact_id
                added = node.add(
                    referral_label(child, focus), data=child.id, allow_expand=bool(child.children)
                )
                self.people += 1
                if focus:
                    focus_node = added
                pending.append((child, added))
        self.root.expand_all()
        # Line numbers exist once the tree has laid out its lines.
        self.call_after_refresh(self.move_cursor, focus_node)
