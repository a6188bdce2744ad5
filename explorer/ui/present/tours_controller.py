"""The window's tours: the Tours tab, its changes (made on the worker, saved like notes),
and the stop that the window's current view makes.

The library's default tour is not saved; the first change to it saves it as the user's
own tour under the same name, then makes the change there.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from explorer.core.changes import Done
from explorer.core.tours import DEFAULT_ID
from explorer.ui.present.camera import range_camera
from explorer.ui.present.tours_panel import ToursPanel

if TYPE_CHECKING:
    from explorer.core.changes import Changes
    from explorer.core.tours import Stop, Tour, TourStore
    from explorer.core.workspace import Workspace
    from explorer.ui.window_parts import WindowParts

Change = Callable[["Workspace", "TourStore", str], "Done[Tour]"]
"""A change of one tour: (the workspace, its tours, the tour's id) → the tour changed."""


class ToursController:
    def __init__(self, window: WindowParts) -> None:
        self.w = window
        self.panel = ToursPanel()
        p = self.panel
        p.tour_chosen.connect(self._choose)
        p.new_asked.connect(self._new)
        p.rename_asked.connect(self._rename)
        p.duplicate_asked.connect(self._copy)
        p.delete_asked.connect(self._delete)
        p.add_asked.connect(self.add_current_view)
        p.move_asked.connect(
            lambda stop, to: self._change(lambda _w, s, t: s.move_stop(t, stop, to))
        )
        p.stop_duplicate_asked.connect(
            lambda stop: self._change(lambda _w, s, t: s.duplicate_stop(t, stop))
        )
        p.stop_delete_asked.connect(
            lambda stop: self._change(lambda _w, s, t: s.remove_stop(t, stop))
        )
        p.stop_edited.connect(self._edit)
        p.present_asked.connect(self.present)
        p.stop_selected.connect(self.show_stop)
        self.current = DEFAULT_ID
        self._default: Tour | None = None  # the library's own tour, as last made
        window.navigator.graph_changed.connect(lambda _graph: self.load(library_changed=True))
        window.runner.changed.connect(self._apply)

    def _apply(self, changes: Changes, initiator: object) -> None:
        """Tours changed elsewhere (an import, a recovery): list them again. This tab's own
        changes are shown already; new report text makes a new graph, and a new default
        tour with it (graph_changed)."""
        if changes.tours_changed and initiator is not self:
            self.load()

    def load(self, library_changed: bool = False) -> None:
        """List the tours (the library's default tour first), on the worker. The default tour
        (a timeline and a graph walk on a big library) is made anew only when the library
        changed; a change to the user's tours reuses it."""
        kept = None if library_changed else self._default

        wanted = self.current

        def work(ws: Workspace, _task: object) -> tuple[list[Tour], Tour]:
            default = kept or ws.default_tour()
            tours = [default, *ws.tours().tours()]
            current = next((t for t in tours if t.id == wanted), tours[0])
            return tours, current

        self.w.runner.build(work, self._listed, self._failed, key="tours")

    def _listed(self, answer: tuple[list[Tour], Tour]) -> None:
        tours, current = answer
        self._default, self.current = tours[0], current.id
        self.panel.show_tours(tours, current)

    def chosen(self) -> Tour | None:
        """The tour shown in the Tours tab (None before the tours are listed)."""
        return self.panel.tour()

    def present(self) -> None:
        self.panel.flush()
        self.w.presenting.present(self.chosen())

    def _choose(self, tour_id: str) -> None:
        self.current = tour_id
        self.load()

    def _failed(self, message: str) -> None:
        self.w.statusBar().showMessage(message, 10000)
        self.w.dialogs.error(self.w, "Tours", message)

    def _change(self, how: Change, said: str = "", select: str | None = None) -> None:
        """Change the tour shown (saving the default tour first), then show it again."""
        tour = self.panel.tour()
        if tour is None:
            return

        def work(ws: Workspace, _task: object) -> Done[Tour]:
            store = ws.tours()
            saved = None
            if tour.id == DEFAULT_ID:
                saved = store.create(tour.name, tour.stops)
            changed = how(ws, store, saved.value.id if saved else tour.id)
            if saved is None:
                return changed
            return Done(changed.value, saved.changes | changed.changes)

        def done(changed: Tour) -> None:
            self.current = changed.id
            if said:
                self.w.statusBar().showMessage(f"{said} “{changed.name}”.", 6000)
            self.panel.show_tour(changed, select)
            self.load()

        self.w.runner.op(work, done, self._failed, initiator=self)

    def _new(self) -> None:
        name = self.w.dialogs.ask_text(self.w, "New Tour", "Name of the new tour:", "My tour")
        if name is None or not name.strip():
            return

        def done(tour: Tour) -> None:
            self.current = tour.id
            self.load()

        self.w.runner.op(
            lambda ws, _task: ws.tours().create(name), done, self._failed, initiator=self
        )

    def _copy(self) -> None:
        """A copy of the tour shown; the library's own tour is copied by saving it."""
        tour = self.panel.tour()
        if tour is not None and tour.id == DEFAULT_ID:
            self._change(lambda _w, s, t: Done(s.get(t)), "Saved a copy of")
        else:
            self._change(lambda _w, s, t: s.duplicate(t), "Copied")

    def _rename(self) -> None:
        tour = self.panel.tour()
        if tour is None or tour.id == DEFAULT_ID:
            return
        name = self.w.dialogs.ask_text(self.w, "Rename Tour", "New name of the tour:", tour.name)
        if name is not None and name.strip():
            self._change(lambda _w, s, t: s.rename(t, name), "Renamed")

    def _delete(self) -> None:
        tour = self.panel.tour()
        if tour is None or tour.id == DEFAULT_ID:
            return
        asked = self.w.dialogs.confirm(
            self.w,
            "Delete Tour",
            f"Delete the tour “{tour.name}”?",
            "It goes to the trash, from which `explorer tour restore` brings it back.",
            "Delete",
        )
        if not asked:
            return

        def done(_gone: object) -> None:
            self.current = DEFAULT_ID
            self.load()

        self.w.runner.op(
            lambda ws, _t: ws.tours().remove(tour.id), done, self._failed, initiator=self
        )

    def _edit(self, stop: str, title: str, caption: str, notes: str) -> None:
        self._change(
            lambda _w, s, t: s.edit_stop(
                t, stop, title=title, caption=caption, speaker_notes=notes
            ),
            select=stop,
        )

    def show_stop(self, stop_id: str) -> None:
        """Show a stop in the window's graph: its focus focused (its evidence in the reader)
        and, for a neighbourhood, only that neighbourhood; a stop without a focus shows the
        whole graph unfocused."""
        tour, nav = self.panel.tour(), self.w.navigator
        stop = next((s for s in tour.stops if s.id == stop_id), None) if tour else None
        graph = nav.concept_graph
        if stop is None or graph is None:
            return
        if stop.focus is None or stop.focus not in graph:
            nav.show_local(0)
            nav.clear_focus()
            return
        nav.focus(stop.focus, run_search=False)
        nav.show_local(stop.depth if stop.view == "local" else 0)

    # ---- the current view as a stop -----------------------------------------------------

    def current_stop(self) -> Stop:
        """The stop the window shows now: its view, focus, path, depth, kinds, period and
        camera (the evidence is chosen on the worker)."""
        from explorer.core.tours import Camera, Stop  # pydantic: not before the window shows

        w, view = self.w, self.w.graph_view
        focus = w.navigator.focused()
        local = view.local_centre()
        period = w.trends.bar.period_id()
        kind = "trends" if period else "local" if local else "map" if w.maps.is_map() else "graph"
        label = (
            w.navigator.concept_graph.node(focus)["label"]
            if focus and w.navigator.concept_graph
            else None
        )
        title = (
            str(label)
            if label
            else {
                "trends": f"Up to {period}",
                "map": "The library map",
                "graph": "The whole graph",
            }.get(kind, "A neighbourhood")
        )
        x, y, zoom = range_camera(view.view_range())
        kinds = view.visible_kinds()
        return Stop(
            id=secrets.token_hex(4),
            title=title[:200],
            view=kind,  # type: ignore[arg-type]
            focus=local or focus,
            path=tuple(view.path()),
            depth=max(1, w.navigator.local_depth),
            kinds=None if kinds is None else tuple(sorted(kinds)),
            period=period,
            camera=Camera(x=x, y=y, zoom=zoom),
        )

    def add_current_view(self) -> None:
        """Add the window's current view as a stop, after the stop selected; its evidence is
        the passage the focus's links cite most, its notes those on the focused node."""
        stop = self.current_stop()
        tour = self.panel.tour()
        selected = self.panel.selected_stop()
        at = None
        if tour is not None and selected is not None:
            at = [s.id for s in tour.stops].index(selected) + 1

        graph = self.w.navigator.concept_graph

        def add(ws: Workspace, store: TourStore, tour_id: str) -> Done[Tour]:
            from explorer.core.tours import best_passage

            evidence = best_passage(graph.graph, stop.focus) if stop.focus and graph else None
            linked = tuple(n.id for n in ws.notes().notes() if n.target_id == stop.focus)
            found = {"evidence": evidence, "notes": linked[:100]}
            return store.add_stop(tour_id, stop.model_copy(update=found), at)

        self._change(add, "Added a stop to", select=stop.id)
