"""The labour-cost model in the data layer (``lifelong_analysis.data.labour``): one model, re-exported by
``analysis.costs`` and used by the grant rule of the readers."""

from __future__ import annotations

import pandas as pd
import pytest

from lifelong_analysis.analysis import costs
from lifelong_analysis.data import labour, readers


def test_costs_reexports_the_data_layer_model():
    for name in ("hourly_labour_cost", "annual_labour_cost", "annual_hours_worked", "net_annual_labour_cost",
                 "cost_parameters", "parameter_table", "pension_rate_for", "sick_pay_refund"):
        assert getattr(costs, name) is getattr(labour, name), name
    assert readers.hourly_labour_cost is labour.hourly_labour_cost


def test_hourly_labour_cost_by_hand():
    # 50 000 kr a month full time, OTP 2 %, no sick leave: the Altinn build-up of 600 000 kr over 1 698.2 hours
    wf = pd.DataFrame({"employee_id": ["a"], "monthly_pay_nok": [50_000.0], "position_share": [1.0],
                       "sick_leave_share": [0.0]})
    h = labour.hourly_labour_cost(wf, parameters={"pension_rate": 0.02}).iloc[0]
    pay_worked = 600_000 * 47 / 52
    holiday = pay_worked * 0.12
    aga = (pay_worked + holiday) * 0.141
    pension = 600_000 * 0.02
    total = pay_worked + holiday + aga + pension + pension * 0.141 + 3_000
    hours = 37.5 * 47 - 8.571 * 7.5
    assert h["annual_labour_cost_nok"] == pytest.approx(total, rel=1e-4)
    assert h["hourly_labour_cost_nok"] == pytest.approx(total / hours, rel=1e-4)
