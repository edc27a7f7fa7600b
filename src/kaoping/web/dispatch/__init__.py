"""Work groups per work area and the daily dispatch (一天一调度) of a campaign."""
