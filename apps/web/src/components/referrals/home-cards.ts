/** The partner operator's referral inbox. */
import type { HomeCard } from '../home/registry'
import ReferralInboxHomeCard from './ReferralInboxHomeCard.vue'

export const homeCards: HomeCard[] = [{ id: 'referrals-inbox', roles: ['operator'], order: 50, component: ReferralInboxHomeCard }]
