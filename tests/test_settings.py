"""Settings that reach every part: the embedding threads."""

from assistant.search.embeddings import load_embeddings
from assistant.settings import Settings


def test_the_default_uses_one_thread_so_a_busy_machine_is_not_oversubscribed():
    assert Settings().embedding_threads == 1


def test_every_embedder_honours_the_thread_setting():
    """Issue 11: ASSISTANT_EMBEDDING_THREADS was ignored by the sentence-transformers embedders."""
    import torch

    before = torch.get_num_threads()
    try:
        load_embeddings("all-MiniLM-L6-v2", threads=1)
        assert torch.get_num_threads() == 1
        load_embeddings("all-MiniLM-L6-v2", threads=2)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
