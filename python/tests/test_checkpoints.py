"""Which checkpoint phasic_torch loads: the newest intact one, as Phasic does.

    cd python && python3 -m unittest discover -s tests
"""
import os
import shutil
import tempfile
import unittest

try:
    import phasic_torch as pt
except ImportError as e:                     # no torch here
    raise unittest.SkipTest("phasic_torch cannot be imported: %s" % e)

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test", "resources", "fixtures", "run-v0.1.0")


class LatestCheckpoint(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def folder(self, run, name, weights=b""):
        """checkpoints/NAME in RUN, with a weights file holding ``weights`` unless it is None."""
        path = os.path.join(run, "checkpoints", name)
        os.makedirs(path)
        if weights is not None:
            with open(os.path.join(path, "weights.safetensors"), "wb") as f:
                f.write(weights)
        return path

    def test_a_tmp_and_a_damaged_folder_beside_the_intact_checkpoint_are_not_loaded(self):
        if not os.path.isdir(FIXTURE):
            self.skipTest("the 0.1.0 fixture is in the repository, not in an installed package")
        run = os.path.join(self.dir, "run")
        shutil.copytree(FIXTURE, run)
        self.folder(run, "step-00000006.tmp", b"half a write")
        self.folder(run, "step-00000008.damaged", b"set aside")
        self.folder(run, "step-00000009.damaged-2", b"set aside again")
        self.folder(run, "step-00000010", weights=None)          # no weights: nothing to load
        self.assertEqual(os.path.join(run, "checkpoints", "step-00000004"), pt.latest_checkpoint(run))
        self.assertIsInstance(pt.load(run).model, pt.RecurrentMlp)

    def test_steps_are_ordered_as_numbers(self):
        self.folder(self.dir, "step-99999999")
        newest = self.folder(self.dir, "step-100000000")
        self.assertEqual(newest, pt.latest_checkpoint(self.dir))

    def test_a_run_with_only_unfinished_checkpoints_has_none(self):
        self.folder(self.dir, "step-00000002.tmp")
        with self.assertRaisesRegex(pt.Unsupported, "no checkpoint"):
            pt.latest_checkpoint(self.dir)


if __name__ == "__main__":
    unittest.main()
