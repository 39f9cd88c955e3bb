import { createInProcessBus } from '../../src/events/in-process-bus';
import { describeBusSuite } from './bus-suite';

describeBusSuite('the in-process bus', () => ({ open: async () => createInProcessBus() }));
