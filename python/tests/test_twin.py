"""The PyTorch twin of Phasic's training step (phasic_torch.twin) and its bench, at tiny sizes on one thread.

    cd python && python3 -m unittest discover -s tests
"""
import contextlib
import io
import re
import unittest

try:
    import torch
    import phasic_torch as pt
    from phasic_torch import bench, twin
except ImportError as e:                     # no torch here
    raise unittest.SkipTest("phasic_torch cannot be imported: %s" % e)

TINY_A = {"batchSize": 8, "hidden": 32, "latent": 8}
TINY_B = {"batchSize": 8, "width": 0.125}


def setUpModule():
    torch.set_num_threads(1)


class Steps(unittest.TestCase):
    def train(self, recipe, options, steps=3):
        """``steps`` twin steps; the losses of each, and which parameters (by name) changed."""
        step = twin.TrainingStep(twin.configuration(recipe, options))
        before = {name: p.detach().clone() for name, p in step.run.named_parameters()}
        losses = [tuple(t.item() for t in step(step.batch())) for _ in range(steps)]
        changed = {name for name, p in step.run.named_parameters() if not torch.equal(before[name], p.detach())}
        return step, losses, changed, set(before)

    def check_trains(self, recipe, options):
        step, losses, changed, names = self.train(recipe, options)
        for critic, network in losses:
            self.assertTrue(all(map(lambda v: v == v and abs(v) < float("inf"), (critic, network))), losses)
        self.assertEqual(names, changed, "parameters no update moved")
        self.assertEqual(3, step.step)
        return step

    def test_architecture_a_trains_every_parameter_with_finite_losses(self):
        self.check_trains("mnist-recurrent", TINY_A)

    def test_architecture_b_trains_every_parameter_with_finite_losses(self):
        self.check_trains("hierarchical", TINY_B)

    def test_a_under_wake_sleep_and_local_credit(self):
        self.check_trains("mnist-recurrent", dict(TINY_A, objective="wake-sleep"))
        self.check_trains("mnist-recurrent", dict(TINY_A, credit="local"))

    def test_the_video_model_trains(self):
        self.check_trains("moving-mnist", {"batchSize": 2, "width": 0.25, "context": 2, "predict": 2, "imageSize": 32})

    def test_the_video_head_starts_as_phasic_builds_it_with_several_transforms(self):
        options = {"batchSize": 2, "width": 0.25, "context": 2, "predict": 2, "imageSize": 32, "transforms": 2,
                   "decoder": "context", "pixelOutput": "exact"}
        step = twin.TrainingStep(twin.configuration("moving-mnist", options))
        bias, taps, pc, k = step.run.model.generation.head_out.bias, 9, 16, 2
        reach = step.run.model.head.coarse_reach                  # video/FrameHead: per copy x, y kernels; k masks; drawn; coarse
        for t in range(k):
            self.assertEqual(2.0, float(bias[2 * taps * t + 4]))
            self.assertEqual(2.0, float(bias[2 * taps * t + taps + 4]))
        self.assertTrue(bool((bias[2 * taps * k:2 * taps * k + k * pc] == 6.0).all()))
        self.assertTrue(bool((bias[2 * taps * k + k * pc:2 * taps * k + (k + 1) * pc] == -2.0).all()))
        first = 2 * taps * k + (k + 1) * pc
        self.assertEqual(first + 2 * (2 * reach + 1), bias.shape[0])
        for axis in range(2):
            self.assertEqual(2.0, float(bias[first + axis * (2 * reach + 1) + reach]))
        self.check_trains("moving-mnist", options)

    def test_b_penalises_every_kth_critic_update_and_cycles_its_top_down_sources(self):
        step = twin.TrainingStep(twin.configuration("hierarchical", TINY_B))
        seen, penalty = [], twin.penalty
        twin.penalty = lambda *args: (seen.append(step.step), penalty(*args))[1]
        sources = []
        try:
            for _ in range(5):
                sources.append(step.top_down_source())
                step(step.batch())
        finally:
            twin.penalty = penalty
        self.assertEqual([0] * 6 + [4] * 6, seen)            # penaltyEvery 4: updates 0 and 4, once per critic (six)
        self.assertEqual([5, 4, 3, 2, 5], sources)           # z, h4, h3, h2 in turn

    def test_the_critics_update_alone_and_the_networks_leave_them_frozen(self):
        step = twin.TrainingStep(twin.configuration("mnist-recurrent", TINY_A))
        phases = step.sample(step.batch())
        step.critic_step(phases.detached(), 0)
        self.assertTrue(all(p.grad is None for p in step.run.model.parameters()))
        self.assertTrue(all(p.grad is not None for p in step.critic_parameters))
        step.critics.zero_grad(set_to_none=True)
        step.network_step(phases)
        self.assertTrue(all(p.grad is None for p in step.critic_parameters))
        self.assertTrue(all(p.requires_grad for p in step.critic_parameters))
        self.assertTrue(all(p.grad is not None for p in step.run.model.parameters()))


class Configuration(unittest.TestCase):
    def test_recipe_defaults_and_option_spellings(self):
        c = twin.configuration("hierarchical", {"criticWidth": "paper", "objective": "oscillation"})
        self.assertEqual((0.25, 4, "CYCLE", "PAPER", "OSCILLATION", 0.0),
                         (c["width"], c["penaltyEvery"], c["topDownSources"], c["criticWidth"], c["objective"], c["gamma"]))

    def test_an_unknown_option_is_refused(self):
        with self.assertRaisesRegex(pt.Unsupported, "aNewOption"):
            twin.configuration("mnist-recurrent", {"aNewOption": 1})


class Bench(unittest.TestCase):
    def run_bench(self, *argv):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = bench.main(list(argv))
        return code, out.getvalue().splitlines()

    def test_the_last_line_is_ms_per_step_and_the_profile_counts_ops(self):
        code, lines = self.run_bench("hierarchical", "--steps", "2", "--warmup", "0", "--threads", "1", "--profile",
                                     "--set", "batchSize=4", "--set", "width=0.125", "--set", "penaltyEvery=2",
                                     "--set", "topDownSources=top")
        self.assertEqual(0, code)
        self.assertRegex(lines[-1], r"^ms/step: [0-9.]+$")
        self.assertIn("ms/step is the mean: one step in 2 computes the penalty", lines)
        counts = [l for l in lines if re.match(r"^  [0-9]+ +[0-9]+ +[0-9]+ +[0-9]+$", l)]
        self.assertEqual(2, len(counts), lines)              # the penalty's cycle of two steps
        penalised, plain = (list(map(int, l.split()[1:])) for l in counts)
        for penalised_count, plain_count in zip(penalised, plain):   # aten ops, dispatched, backward nodes
            self.assertGreater(penalised_count, plain_count)  # step 2 computes the penalty, step 3 does not

    def test_openblas_runs_on_the_threads_asked_for(self):
        code, lines = self.run_bench("mnist-recurrent", "--steps", "1", "--warmup", "0", "--threads", "1",
                                     "--set", "batchSize=4")
        self.assertEqual(0, code)
        if bench.openblas_thread_counts():                 # Debian's PyTorch: OpenBLAS's own pool, capped at 1
            self.assertEqual([1], sorted(set(bench.openblas_thread_counts())))
            self.assertIn(", 1 threads, OpenBLAS 1 threads", lines[0])

    def test_java_shifts_equal_the_loop_over_taps(self):
        frame = torch.rand(2, 1, 32, 32) * 2 - 1
        for taps, step in ((9, 1), (3, 9)):
            kernel = torch.softmax(torch.randn(2, taps, 8, 8), 1)
            for dim in (2, 3):
                torch.testing.assert_close(twin.java_shift(frame, kernel, dim, step), pt.FrameHead.shift(frame, kernel, dim, step))


if __name__ == "__main__":
    unittest.main()
