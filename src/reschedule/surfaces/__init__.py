"""Surfaces: dict/JSON conversion and schemas, text/HTML/CSV tables,
DataFrames, pictures, letters, labels and the command line.

The top layer. Importing it registers its adapters with the seam
(`reschedule.conventions.Displayable`), so results can show themselves.
"""

from reschedule.conventions import register_surface
from reschedule.surfaces._amounts import amount_in_words, format_amount
from reschedule.surfaces._frame import (
    MissingExtraError,
    require,
    to_frame,
)
from reschedule.surfaces._io import (
    KINDS,
    from_dict,
    from_json,
    loads,
    to_dict,
    to_json,
)
from reschedule.surfaces._labels import (
    LABELS,
    PHRASES,
    Language,
    display_width,
    label,
    phrase,
    render_text,
)
from reschedule.surfaces._letters import (
    Lender,
    notice,
    offer,
    pdf,
)
from reschedule.surfaces._plot import (
    CJK_FONTS,
    NoCJKFontWarning,
    cjk_font,
    plot,
)
from reschedule.surfaces._tables import (
    View,
    text,
    to_csv,
    to_html,
    to_text,
    view,
    views,
)
from reschedule.surfaces.schemas import (
    DOCUMENTS,
    SUPPORTED_KEYWORDS,
    load,
    render,
    schema,
    validate,
)

__all__ = [
    "amount_in_words",
    "format_amount",
    "Lender",
    "notice",
    "offer",
    "pdf",
    "LABELS",
    "PHRASES",
    "phrase",
    "Language",
    "display_width",
    "label",
    "render_text",
    "View",
    "text",
    "to_csv",
    "to_html",
    "to_text",
    "view",
    "views",
    "MissingExtraError",
    "require",
    "to_frame",
    "CJK_FONTS",
    "NoCJKFontWarning",
    "cjk_font",
    "plot",
    "KINDS",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
    "loads",
    "DOCUMENTS",
    "SUPPORTED_KEYWORDS",
    "load",
    "schema",
    "validate",
    "render",
]

register_surface("text", text)
register_surface("to_frame", to_frame)
register_surface("to_html", to_html)
register_surface("to_csv", to_csv)
register_surface("plot", plot)
register_surface("to_dict", to_dict)
