"""Run Rasa's prediction graph in order, without building a dask graph per call.

Rasa 3.6 predicts with ``DaskGraphRunner``: every call (three a turn: parse
the message, predict the action, predict again after it) rebuilds the minimal
sub-graph for its targets, turns it into a dask graph, formats the inputs
(the whole tracker) into a debug message whether or not debug logging is on,
and hands it to dask's synchronous scheduler. That costs about 2 ms a turn on
this machine (docs/performance.md).

``SequentialGraphRunner`` computes the order once per set of targets and calls
the same graph nodes, with the same arguments, in dependency order: what the
synchronous scheduler does, minus the bookkeeping. A test runs both runners
on the trained model and compares every output.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


class SequentialGraphRunner(DaskGraphRunner):
    """A ``DaskGraphRunner`` whose ``run`` executes the nodes in topological order."""

    _orders: Dict[Tuple[Text, ...], List[Tuple[Text, Tuple[Text, ...]]]]

    def _order(self, targets: Tuple[Text, ...]) -> List[Tuple[Text, Tuple[Text, ...]]]:
        """The nodes the targets need, each after everything it needs."""
        orders = self.__dict__.setdefault("_orders", {})
        if targets not in orders:
            nodes = self._graph_schema.nodes
            order: List[Tuple[Text, Tuple[Text, ...]]] = []
            done, visiting = set(), set()

            def visit(name: Text) -> None:
                if name in done or name not in nodes:  # inputs are not nodes
                    return
                if name in visiting:
                    raise GraphRunError(f"The graph has a cycle through '{name}'.")
                visiting.add(name)
                needs = tuple(nodes[name].needs.values())
                for dep in needs:
                    visit(dep)
                visiting.discard(name)
                done.add(name)
                order.append((name, needs))

            for t in targets:
                visit(t)
            orders[targets] = order
        return orders[targets]

    def run(self, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        results: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in self._graph_schema.nodes:
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure "
                    f"that none of the input names passed to the `run` method are the "
                    f"same as node names in the graph schema."
                )
            results[name] = (name, value)
        try:
            for name, needs in self._order(run_targets):
                if name in results:  # an input given under a node's name replaces it, as in dask
                    continue
                # a need that is neither a node nor an input is passed as its name, as dask does
                results[name] = self._instantiated_nodes[name](*(results.get(d, d) for d in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[t] if t in results else t for t in run_targets)


def apply() -> None:
    """Make Rasa's message processor load models with the sequential runner."""
    import rasa.core.processor as processor

    processor.DaskGraphRunner = SequentialGraphRunner
