// ev
