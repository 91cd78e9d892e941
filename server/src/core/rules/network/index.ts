import { Rule } from '../types';
import { ingressWithoutTls } from './ingressWithoutTls';
import { networkPolicyNoPolicyTypes } from './networkPolicyPolicyTypes';
import { nodePortService } from './nodePortService';
import { privilegedPort } from './privilegedPort';
import { sshPort } from './sshPort';

export const networkRules: Rule[] = [sshPort, privilegedPort, nodePortService, ingressWithoutTls, networkPolicyNoPolicyTypes];
