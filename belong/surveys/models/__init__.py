from belong.surveys.models.campaigns import Campaign, Invitation, Participation
from belong.surveys.models.instruments import Instrument, InstrumentVersion, Item, Scale
from belong.surveys.models.responses import Response

__all__ = [
    "Campaign",
    "Instrument",
    "InstrumentVersion",
    "Invitation",
    "Item",
    "Participation",
    "Response",
    "Scale",
]
