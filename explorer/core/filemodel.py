"""The base of every model read from a user's file (notes, tours, the library).

Such a file was written by this app, so a key it does not know is damage, and the first one
is the answer: pydantic's own ``extra="forbid"`` builds one error for each unknown key, and a
2 MB object of 190,000 made-up keys then costs 250 MB before the first is reported.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from explorer.core.errors import error_place


class FileModel(BaseModel):
    """A model whose objects may hold only its fields; the first other key is refused."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            fields = cls.model_fields
            for key in data:
                if key not in fields:
                    raise ValueError(f"Extra inputs are not permitted ({error_place([key])!r})")
        return data
