import { describe, expect, it } from 'vitest';
import { findPlan, PLANS, planOfReference } from './plans.js';

describe('the subscription plans', () => {
  it('one monthly plan and one pay-as-you-go service', () => {
    expect(PLANS.map((plan) => plan.kind).sort()).toEqual(['monthly', 'on_demand']);
  });

  it('item names fit SBPS (at most 20 double-byte characters) and say when they bill', () => {
    for (const plan of PLANS) {
      expect([...plan.itemName.ja].length, plan.id).toBeLessThanOrEqual(20);
      expect(plan.itemName.en.length, plan.id).toBeLessThanOrEqual(40);
      expect(plan.itemName.ja, plan.id).toMatch(/毎月1日|都度/);
    }
  });

  it('a merchant reference names its plan; anything else names none', () => {
    expect(planOfReference('SUB-VIDEO-20260401-1A2B3C4D')).toBe(findPlan('video-monthly'));
    expect(planOfReference('SUB-KARAOKE-20260401-1A2B3C4D')).toBe(findPlan('karaoke-payg'));
    expect(planOfReference('DEMO-20260401-1A2B3C4D')).toBeUndefined();
  });
});
