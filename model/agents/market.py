"""Market providers: home elderly care (fee-based, sponsored or purchased) and property services."""

from __future__ import annotations

import numpy as np

from model.agents.base import ServiceProvider
from model.needs import NeedKind, Role
from model.schema import ElderCare, PropertyService

WEEKS_PER_MONTH = 52.0 / 12.0


class ElderCareProvider(ServiceProvider):
    """A home elderly-care centre: free when sponsored, otherwise only for those who can pay."""

    role = Role.ELDER_CARE_PROVIDER
    priority = (NeedKind.ELDER_CARE,)

    def weekly_capacity(self) -> float:
        market = self.in_force.market
        if market.elder_care is ElderCare.NONE:
            return 0.0
        return self.model.size_for("market", "elder_care", "elder_care_hours_per_week")

    def start_week(self) -> None:
        super().start_week()
        self.hours_factor[NeedKind.ELDER_CARE] = self.model.effects.elder_care_hours_factor

    def accepts(self, needs: np.ndarray) -> np.ndarray:
        market = self.in_force.market
        if market.elder_care is ElderCare.SPONSORED:
            return np.ones(len(needs), dtype=bool)
        book = self.model.book
        income = self.model.population.income[book.resident[needs]]
        hours = self.model.work_hours[NeedKind.ELDER_CARE] * book.work[needs]
        return income * market.care_budget_share >= market.elder_care_fee_yuan_per_hour * hours


class PurchasedElderCare(ElderCareProvider):
    """Care hours the government buys for low-income elderly residents, at the market price."""

    def weekly_capacity(self) -> float:
        market = self.in_force.market
        price = max(market.elder_care_fee_yuan_per_hour, 1.0)
        return market.purchase_budget_yuan / 52.0 / price

    def accepts(self, needs: np.ndarray) -> np.ndarray:
        return self.model.population.low_income[self.model.book.resident[needs]]

    def cost_per_week(self) -> float:
        return self.hours_used * self.in_force.market.elder_care_fee_yuan_per_hour


class PropertyServiceProvider(ServiceProvider):
    """Building maintenance for the households that pay the fee."""

    role = Role.PROPERTY_SERVICE
    priority = (NeedKind.MAINTENANCE,)

    def fee(self) -> float:
        market = self.in_force.market
        if market.property_service is PropertyService.COMMERCIAL:
            return market.commercial_fee_yuan_month
        return market.company_fee_yuan_month

    def paying_households(self) -> np.ndarray:
        income = self.model.population.household_income
        return income * self.in_force.market.property_budget_share >= self.fee()

    def weekly_capacity(self) -> float:
        market = self.in_force.market
        if market.property_service is PropertyService.NONE:
            return 0.0
        return self.model.size_for("market", "property_service", "property_hours_per_week")

    def start_week(self) -> None:
        super().start_week()
        self.hours_factor[NeedKind.MAINTENANCE] = self.model.effects.maintenance_hours_factor
        # who pays the fee; without hours this week serve() never asks, so no one needs checking
        self._paying = self.paying_households() if self.capacity > 0 else np.zeros(0, dtype=bool)

    def accepts(self, needs: np.ndarray) -> np.ndarray:
        household = self.model.population.household[self.model.book.resident[needs]]
        return self._paying[household]

    def income_per_week(self) -> float:
        """A community company's surplus from fees (commercial firms' profits leave the community)."""
        if self.in_force.market.property_service is not PropertyService.COMMUNITY_COMPANY:
            return 0.0
        fees = float(self.paying_households().sum()) * self.fee() / WEEKS_PER_MONTH
        return fees * self.in_force.market.company_margin * self.model.ramp_for("market", "property_service")
