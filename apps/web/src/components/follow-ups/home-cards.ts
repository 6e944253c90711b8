/** The follow-ups of work measures due and overdue, for the cooperative's operators and the municipality's staff who follow measures. */
import type { HomeCard } from '../home/registry'

export const homeCards: HomeCard[] = [{ id: 'follow-ups-due', roles: ['operator', 'coordinator', 'case_manager'], order: 57, load: () => import('./FollowUpsDueHomeCard.vue') }]
