"""Low-rank adapters over a frozen encoder, and the word-error head (imports torch: load lazily).

Only the adapters and the head are trained and saved; the encoder stays the packaged one.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

# The linear layers of a BERT-style layer that get adapters (names as transformers' BertLayer has them).
ADAPTED_LAYERS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")


class LoRALinear(nn.Module):
    """``base(x) + scale * B(A(x))`` with ``base`` frozen; B starts at zero, so training starts at the base."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        for parameter in base.parameters():
            parameter.requires_grad_(False)
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.scale = alpha / rank

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        adapted = (inputs @ self.lora_a.T) @ self.lora_b.T
        result: torch.Tensor = self.base(inputs) + self.scale * adapted
        return result


def add_adapters(encoder: nn.Module, rank: int, alpha: float) -> None:
    """Freeze ``encoder`` and wrap each of its :data:`ADAPTED_LAYERS` in a :class:`LoRALinear`."""
    for parameter in encoder.parameters():
        parameter.requires_grad_(False)
    targets = [
        name
        for name, module in encoder.named_modules()
        if isinstance(module, nn.Linear) and ".layer." in f".{name}" and name.endswith(ADAPTED_LAYERS)
    ]
    if not targets:
        raise ValueError("the encoder has none of the layers the adapters wrap")
    for name in targets:
        parent_name, _, child = name.rpartition(".")
        parent = encoder.get_submodule(parent_name)
        setattr(parent, child, LoRALinear(getattr(parent, child), rank, alpha))


class WordErrorModel(nn.Module):
    """Encoder with adapters, and a linear head giving one error logit per sub-word piece."""

    def __init__(self, encoder: nn.Module, hidden_size: int, rank: int, alpha: float, dropout: float = 0.1) -> None:
        super().__init__()
        add_adapters(encoder, rank, alpha)
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        logits: torch.Tensor = self.head(self.dropout(hidden)).squeeze(-1)
        return logits

    def trained_state(self) -> dict[str, torch.Tensor]:
        """The adapters and the head: all that training changes and all that is saved."""
        return {name: tensor.detach().cpu().contiguous() for name, tensor in self.state_dict().items()
                if "lora_" in name or name.startswith("head.")}

    def load_trained_state(self, state: dict[str, Any]) -> None:
        expected = self.trained_state()
        if set(state) != set(expected):
            missing, extra = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
            raise ValueError(f"the weights do not fit this encoder (missing {missing[:3]}, unexpected {extra[:3]})")
        wrong = [name for name, tensor in state.items() if tuple(tensor.shape) != tuple(expected[name].shape)]
        if wrong:
            raise ValueError(f"the weights do not fit this encoder or rank ({wrong[0]}: {tuple(state[wrong[0]].shape)})")
        self.load_state_dict(state, strict=False)
