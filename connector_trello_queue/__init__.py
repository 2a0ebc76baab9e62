from . import controllers
from . import components
from . import models
