//! Answers of the agent area: `agentLogin`, `agentLogout`, `pauseAgent`, `unpauseAgent`,
//! `getAgentStates`.

use std::time::Instant;

use cti_proto::agent::{AgentError, AgentErrorCode, AgentLogin, AgentState};
use cti_proto::{Command, Event, SmolStr};

use super::state::{now, over_limit, Agent, ConnectionState, Reply};
use crate::messages;
use crate::world::World;

impl ConnectionState {
    /// `agentLogin`, `agentLogout`, `pauseAgent`, `unpauseAgent`, `getAgentStates`; `None`
    /// for another command.
    pub(super) fn answer_agent(&mut self, world: &World, command: &Command) -> Option<Vec<Reply>> {
        Some(match command {
            Command::AgentLogin(login) => self.agent_login(world, login),
            Command::AgentLogout(logout) => match self.agent_id(world, logout.agent_id.value()) {
                Some(id) => self.agent_to(world, id, AgentState::AgentLoggedOut, None),
                None => now(messages::error("NoAgent")),
            },
            Command::PauseAgent(pause)
                if pause
                    .reason
                    .value()
                    .is_some_and(|reason| reason.len() > world.limits.max_string) =>
            {
                over_limit(world, "ValueTooLong")
            }
            Command::PauseAgent(pause) => match self.agent_id(world, pause.agent_id.value()) {
                Some(id) => {
                    let cause = pause.reason.value().cloned();
                    self.agent_to(world, id, AgentState::AgentOnPause, cause)
                }
                None => now(messages::error("NoAgent")),
            },
            Command::UnpauseAgent(unpause) => {
                match self.agent_id(world, unpause.agent_id.value()) {
                    Some(id) => self.agent_to(world, id, AgentState::AgentReady, None),
                    None => now(messages::error("NoAgent")),
                }
            }
            Command::GetAgentStates(_) => match (&self.agent, self.user(world).agent_id) {
                (Some(agent), _) => now(self.agent_event(world, agent)),
                (None, Some(id)) => now(messages::agent_state(
                    AgentState::AgentLoggedOut,
                    id,
                    "",
                    0,
                    &[],
                    None,
                )),
                (None, None) => Vec::new(),
            },
            _ => return None,
        })
    }

    fn agent_id(&self, world: &World, given: Option<&i64>) -> Option<i64> {
        given
            .copied()
            .or(self.agent.as_ref().map(|a| a.id))
            .or(self.user(world).agent_id)
    }

    fn agent_to(
        &mut self,
        world: &World,
        id: i64,
        state: AgentState,
        cause: Option<SmolStr>,
    ) -> Vec<Reply> {
        let agent = Agent {
            id,
            state,
            since: Instant::now(),
            cause,
        };
        let event = self.agent_event(world, &agent);
        self.agent = Some(agent);
        vec![Reply::Now(event)]
    }

    fn agent_event(&self, world: &World, agent: &Agent) -> Event {
        let user = self.user(world);
        let since = i64::try_from(agent.since.elapsed().as_secs()).unwrap_or(i64::MAX);
        messages::agent_state(
            agent.state.clone(),
            agent.id,
            &user.phone_number,
            since,
            &user.agent_queues,
            agent.cause.as_deref(),
        )
    }

    /// `agentLogin`: `AgentLogin` then `AgentReady`, or an error.
    fn agent_login(&mut self, world: &World, login: &AgentLogin) -> Vec<Reply> {
        let scenario = &world.scenario;
        // XucAgent may send an empty number (CLIENTS.md §4): the user's own then.
        let phone = login
            .agent_phone_number
            .value()
            .filter(|number| !number.is_empty())
            .cloned()
            .unwrap_or_else(|| self.number.clone());
        if !scenario.users.iter().any(|u| u.phone_number == phone) {
            let mut error = AgentError::default();
            error.error = AgentErrorCode::PhoneNumberUnknown;
            return now(error.into());
        }
        let Some(id) = login
            .agent_id
            .value()
            .copied()
            .or(self.user(world).agent_id)
        else {
            return now(messages::error("NoAgent"));
        };
        // The web client switches on `AgentLogin` then `AgentReady`
        // (CLIENTS.md §3, XucAgentUser:69-102).
        let mut replies = self.agent_to(world, id, AgentState::AgentLogin, None);
        replies.extend(self.agent_to(world, id, AgentState::AgentReady, None));
        replies
    }
}
